package io.bzzz.log;

/** Data from a peer or from disk failed a hash or signature check; nothing was stored. */
public class VerificationException extends RuntimeException {
  public VerificationException(String message) {
    super(message);
  }
}
