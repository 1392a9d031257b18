package io.bzzz.agent.pickup;

/** A signed webhook body that does not have the shape of its event; answered with 400. */
final class MalformedWebhookException extends Exception {
  private static final long serialVersionUID = 1L;

  MalformedWebhookException(String message) {
    super(message);
  }
}
