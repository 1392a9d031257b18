package io.bzzz.tracker.result;

/** A push did not update the remote branch; the message never contains the token. */
public final class PushFailedException extends RuntimeException {
  public PushFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
