package io.bzzz.p2p.pubsub.router;

import io.bzzz.p2p.crypto.PeerId;

/** The outcome of checking one {@link UnverifiedMessage} against StrictSign. */
public sealed interface SignatureCheck {
  UnverifiedMessage message();

  /** The signature verified; {@code author} signed it. */
  record Valid(UnverifiedMessage message, PeerId author) implements SignatureCheck {}

  /** The message breaks StrictSign; its sender is at fault. */
  record Invalid(UnverifiedMessage message, String reason) implements SignatureCheck {}

  /** Checks {@code message}; reads nothing but {@code keys}, so it is safe on any thread. */
  static SignatureCheck of(UnverifiedMessage message, AuthorKeys keys) {
    try {
      return new Valid(message, StrictSign.verify(message.message(), keys));
    } catch (StrictSign.InvalidMessageException e) {
      return new Invalid(message, e.getMessage());
    }
  }
}
