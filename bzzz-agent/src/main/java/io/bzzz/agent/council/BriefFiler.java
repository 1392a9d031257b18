package io.bzzz.agent.council;

import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.http.Token;

/**
 * Opens a tracker client for one repository that acts as the account of a caller's token. A brief
 * asked for over HTTP is filed with it, so the tracker decides what that account may do (create
 * issues, set labels) and shows who filed it; the agent's own token is never lent to a caller.
 */
@FunctionalInterface
public interface BriefFiler {
  /** The caller closes the client. */
  Tracker open(String repository, Token token);
}
