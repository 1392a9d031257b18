package io.bzzz.tracker.http;

import io.bzzz.tracker.TrackerException;
import java.util.Optional;

/**
 * Where the token for the next request comes from. A fixed token never changes; a source that reads
 * a file or runs a credential helper may hand out a new one when the old one is rotated or expires.
 */
public interface TokenSource {

  /**
   * The token to send now.
   *
   * @throws TrackerException.Unauthorized when no token can be had (a failing credential helper);
   *     the message names the source, never a secret
   */
  Token current();

  /**
   * Called after the tracker refused {@code rejected} with a 401: looks again now (re-reads the
   * file, re-runs the helper) and returns a different token to retry once with, or empty when there
   * is none, in which case the 401 stands.
   */
  default Optional<Token> renewAfterRejection(Token rejected) {
    return Optional.empty();
  }

  static TokenSource fixed(Token token) {
    return new Fixed(token);
  }

  /** A token that never changes (a variable, a flag). */
  record Fixed(Token token) implements TokenSource {
    @Override
    public Token current() {
      return token;
    }
  }
}
