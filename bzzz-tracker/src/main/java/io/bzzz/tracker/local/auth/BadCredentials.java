package io.bzzz.tracker.local.auth;

/** Credentials were sent but do not identify a user; the message never contains the secret. */
public final class BadCredentials extends RuntimeException {
  public BadCredentials(String message) {
    super(message);
  }
}
