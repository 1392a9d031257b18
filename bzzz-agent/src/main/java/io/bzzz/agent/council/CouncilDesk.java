package io.bzzz.agent.council;

import io.bzzz.tracker.http.Token;

/** What the HTTP API offers about councils: the directory, and starting one. */
public interface CouncilDesk extends CouncilDirectory {
  /**
   * Files {@code request} as a brief on its repository, as the account of {@code caller} (never as
   * this agent), and starts forming its council.
   *
   * @return the council id (the brief's issue number)
   * @throws IllegalArgumentException when this agent does not watch that repository
   * @throws io.bzzz.tracker.TrackerException.Unauthorized when the tracker refuses the token
   * @throws BriefNotLabelled when the tracker filed the issue without the brief label
   */
  int form(FormRequest request, Token caller);

  /** Whether {@link #form} can be called: false for an observer (the API then answers 405). */
  default boolean forms() {
    return true;
  }
}
