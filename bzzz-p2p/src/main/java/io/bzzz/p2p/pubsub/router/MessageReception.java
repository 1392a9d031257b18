package io.bzzz.p2p.pubsub.router;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.pubsub.MessageId;
import io.bzzz.p2p.pubsub.MessageIdFunction;
import io.bzzz.p2p.pubsub.ReceivedMessage;
import io.bzzz.p2p.pubsub.TopicValidator;
import io.bzzz.p2p.pubsub.ValidationResult;
import io.bzzz.p2p.pubsub.wire.PubMessage;
import io.bzzz.wire.MalformedInputException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Received messages, in three steps so that the expensive one can run outside the router's lock:
 * {@link #receive} (cheap checks: topic, id, seen cache, already in flight), {@link #check} (the
 * StrictSign signature, thread-safe) and {@link #complete} (validator, seen cache, delivery,
 * forwarding). A message is marked seen only once it validated.
 */
final class MessageReception {
  private static final Logger log = LoggerFactory.getLogger(GossipRouter.class);

  private final RouterState state;
  private final MessageIdFunction idFunction;
  private final Map<String, TopicValidator> validators = new HashMap<>();
  private final AuthorKeys authorKeys = new AuthorKeys(4096);
  private final InFlight inFlight = new InFlight();

  /** An id whose check has not completed after this long is forgotten. */
  private static final long STALE_CHECK_NANOS = 30_000_000_000L;

  MessageReception(RouterState state, MessageIdFunction idFunction) {
    this.state = state;
    this.idFunction = idFunction;
  }

  void setValidator(String topic, TopicValidator validator) {
    validators.put(topic, validator);
  }

  void removeValidator(String topic) {
    validators.remove(topic);
  }

  /** The cheap checks; adds the message to {@code toCheck} when its signature must be checked. */
  void receive(PeerId source, PubMessage message, List<UnverifiedMessage> toCheck) {
    if (!state.subscriptions.contains(message.topic())) {
      return; // we relay only topics we subscribe to
    }
    MessageId id;
    try {
      id = idFunction.idOf(message);
    } catch (MalformedInputException e) {
      state.penalise(
          source, state.params.penaltyInvalidMessage(), "message without an id: " + e.getMessage());
      return;
    }
    if (state.seen.contains(id)) {
      return; // before the signature check: duplicates cost nothing
    }
    UnverifiedMessage unverified = new UnverifiedMessage(source, message, id);
    if (inFlight.begin(unverified, state.nanos())) {
      toCheck.add(unverified);
    }
  }

  /** Checks the signature. Reads no router state, so it runs without the router's lock. */
  SignatureCheck check(UnverifiedMessage message) {
    return SignatureCheck.of(message, authorKeys);
  }

  /**
   * Acts on a signature check: validates, marks seen, delivers and forwards a valid message;
   * penalises the senders of an invalid one.
   *
   * @return another version of the same id to check, when this one failed and one arrived
   */
  Optional<UnverifiedMessage> complete(SignatureCheck check) {
    UnverifiedMessage m = check.message();
    return switch (check) {
      case SignatureCheck.Invalid invalid -> failed(m, "invalid message: " + invalid.reason());
      case SignatureCheck.Valid valid -> validated(m, valid.author());
    };
  }

  private Optional<UnverifiedMessage> validated(UnverifiedMessage m, PeerId author) {
    String topic = m.message().topic();
    if (author.equals(state.self) || !state.subscriptions.contains(topic)) {
      inFlight.abandon(m.id()); // our own message, or we left the topic meanwhile
      return Optional.empty();
    }
    ReceivedMessage received =
        new ReceivedMessage(
            author,
            topic,
            StrictSign.seqnoValue(m.message()),
            m.message().dataOrEmpty(),
            m.id(),
            m.source());
    switch (validate(received)) {
      case REJECT -> {
        return failed(m, "message rejected by validator");
      }
      case IGNORE -> inFlight.abandon(m.id());
      case ACCEPT -> {
        Set<PeerId> senders = inFlight.accepted(m.id());
        state.seen.add(m.id(), state.nanos()); // only now: a rejected copy must not shadow it
        state.mcache.put(m.id(), m.message());
        state.out.deliver(received);
        for (PeerId p : state.mesh.getOrDefault(topic, Set.of())) {
          if (!senders.contains(p) && !p.equals(author)) { // those already have it
            state.outbox.message(p, m.message());
          }
        }
      }
    }
    return Optional.empty();
  }

  private Optional<UnverifiedMessage> failed(UnverifiedMessage m, String reason) {
    InFlight.Failure failure = inFlight.failed(m.id());
    for (PeerId sender : failure.sources()) {
      state.penalise(sender, state.params.penaltyInvalidMessage(), reason);
    }
    return failure.next();
  }

  private ValidationResult validate(ReceivedMessage message) {
    TopicValidator validator = validators.get(message.topic());
    if (validator == null) {
      return ValidationResult.ACCEPT;
    }
    try {
      return validator.validate(message);
    } catch (RuntimeException e) {
      log.atWarn()
          .addKeyValue("topic", message.topic())
          .setCause(e)
          .log("topic validator failed; ignoring the message");
      return ValidationResult.IGNORE;
    }
  }

  /**
   * Forgets checks that never completed (their owner failed or dropped them), so their ids do not
   * stay "in flight" and shadow later copies. A check normally completes within milliseconds.
   */
  void expire(long nowNanos) {
    inFlight.expire(nowNanos - STALE_CHECK_NANOS);
  }

  /** Ids whose check is under way (for tests). */
  boolean inFlight(MessageId id) {
    return inFlight.contains(id);
  }
}
