package io.bzzz.p2p.pubsub;

/** A topic validator's verdict on a message, as in libp2p pubsub. */
public enum ValidationResult {
  /** Deliver and forward. */
  ACCEPT,
  /** Drop, do not forward, and penalise the peer that sent it. */
  REJECT,
  /** Drop and do not forward, without penalty (e.g. a message we are not interested in). */
  IGNORE
}
