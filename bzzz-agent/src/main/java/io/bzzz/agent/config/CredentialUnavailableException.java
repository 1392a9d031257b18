package io.bzzz.agent.config;

/** No secret can be had right now; the message names the source and the reason, never a value. */
public final class CredentialUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CredentialUnavailableException(String message) {
    super(message, null, false, false);
  }
}
