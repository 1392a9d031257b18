package io.bzzz.p2p.pubsub.wire;

/** A subscription change announced by a peer: {@code SubOpts{subscribe=1, topicid=2}}. */
public record SubOpts(boolean subscribe, String topic) {}
