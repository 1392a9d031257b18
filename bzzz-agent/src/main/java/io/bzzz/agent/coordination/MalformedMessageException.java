package io.bzzz.agent.coordination;

/** A pub/sub payload that is not a valid envelope; the message says which field and why. */
public final class MalformedMessageException extends Exception {
  public MalformedMessageException(String message) {
    super(message);
  }

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
