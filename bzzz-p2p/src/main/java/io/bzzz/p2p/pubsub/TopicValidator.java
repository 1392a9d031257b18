package io.bzzz.p2p.pubsub;

/**
 * Checks messages of one topic after their signature verified and before they are delivered or
 * forwarded. Runs on the router's thread: keep it fast and never block.
 */
@FunctionalInterface
public interface TopicValidator {
  ValidationResult validate(ReceivedMessage message);
}
