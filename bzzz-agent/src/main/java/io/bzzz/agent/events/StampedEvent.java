package io.bzzz.agent.events;

import java.time.Instant;

/**
 * An event with its place in the agent's feed: {@code seq} counts up from 1 in publication order
 * and {@code time} is when the hub took it.
 */
public record StampedEvent(long seq, Instant time, AgentEvent event) {}
