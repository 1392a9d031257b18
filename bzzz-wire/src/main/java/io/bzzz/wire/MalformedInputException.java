package io.bzzz.wire;

/** Bytes or text from a peer or a file that do not decode; the message says what was wrong. */
public class MalformedInputException extends IllegalArgumentException {
  public MalformedInputException(String message) {
    super(message);
  }

  public MalformedInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
