package io.bzzz.p2p.pubsub;

import java.time.Duration;

/**
 * Gossipsub v1.1 router parameters, in the spec's terms, with the go-libp2p defaults. Immutable;
 * the invariants between them are checked at construction.
 *
 * @param d desired mesh degree (D)
 * @param dLo fewer mesh peers than this trigger grafting (D_lo)
 * @param dHi more mesh peers than this trigger pruning (D_hi)
 * @param dLazy minimum peers an IHAVE is sent to per topic and heartbeat (D_lazy)
 * @param dScore mesh peers kept by score when pruning an oversubscribed mesh (D_score)
 * @param dOut outbound mesh peers kept and topped up (D_out); must be below D_lo and at most D/2
 * @param gossipFactor fraction of eligible peers an IHAVE goes to, if more than D_lazy
 * @param heartbeatInterval time between heartbeats
 * @param heartbeatInitialDelay time before the first heartbeat
 * @param fanoutTtl a fanout topic is forgotten after this long without publishing
 * @param mcacheLength heartbeat windows of messages kept for IWANT
 * @param mcacheGossip most recent windows announced in IHAVE
 * @param seenTtl how long a message id is remembered as seen
 * @param pruneBackoff how long a pruned peer must wait before grafting again
 * @param unsubscribeBackoff backoff sent in PRUNEs when we leave a topic
 * @param prunePeers peers offered in peer exchange on PRUNE
 * @param maxIHaveLength message ids we ask for per peer and heartbeat in answer to IHAVEs
 * @param maxIHaveMessages IHAVE messages accepted per peer and heartbeat
 * @param maxIWantPerHeartbeat message ids one peer may request per heartbeat before it is penalised
 * @param gossipRetransmission times one message is sent to one peer in answer to IWANT
 * @param maxMessageSize largest RPC frame and so largest message, in bytes
 * @param floodPublish send our own messages to every topic peer, not only the mesh
 * @param penaltyInvalidMessage penalty for a message with a bad signature or a rejected message
 * @param penaltyMalformedRpc penalty for an RPC that does not decode
 * @param penaltyIWantFlood penalty for exceeding maxIWantPerHeartbeat (once per heartbeat)
 * @param penaltyBackoffGraft penalty for a GRAFT during backoff
 * @param penaltyDecay factor applied to penalties every heartbeat (0 < decay < 1)
 * @param gossipThreshold a peer whose score (minus its penalties) falls below this is pruned, not
 *     gossiped to, and ignored; must be negative
 * @param disconnectThreshold a peer below this is disconnected; must be below gossipThreshold
 */
public record GossipParams(
    int d,
    int dLo,
    int dHi,
    int dLazy,
    int dScore,
    int dOut,
    double gossipFactor,
    Duration heartbeatInterval,
    Duration heartbeatInitialDelay,
    Duration fanoutTtl,
    int mcacheLength,
    int mcacheGossip,
    Duration seenTtl,
    Duration pruneBackoff,
    Duration unsubscribeBackoff,
    int prunePeers,
    int maxIHaveLength,
    int maxIHaveMessages,
    int maxIWantPerHeartbeat,
    int gossipRetransmission,
    int maxMessageSize,
    boolean floodPublish,
    double penaltyInvalidMessage,
    double penaltyMalformedRpc,
    double penaltyIWantFlood,
    double penaltyBackoffGraft,
    double penaltyDecay,
    double gossipThreshold,
    double disconnectThreshold) {

  public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 20;

  public GossipParams {
    check(d > 0, "D must be positive");
    check(0 < dLo && dLo <= d && d <= dHi, "must hold: 0 < D_lo <= D <= D_hi");
    check(dLazy >= 0, "D_lazy must not be negative");
    check(0 <= dScore && dScore <= d, "D_score must be between 0 and D");
    check(0 <= dOut && dOut < dLo && dOut <= d / 2, "D_out must be below D_lo and at most D/2");
    check(gossipFactor >= 0 && gossipFactor <= 1, "gossip factor must be between 0 and 1");
    check(positive(heartbeatInterval), "heartbeat interval must be positive");
    check(!heartbeatInitialDelay.isNegative(), "heartbeat initial delay must not be negative");
    check(positive(fanoutTtl), "fanout TTL must be positive");
    check(
        0 < mcacheGossip && mcacheGossip <= mcacheLength,
        "must hold: 0 < mcache gossip windows <= mcache length");
    check(positive(seenTtl), "seen TTL must be positive");
    check(
        !pruneBackoff.isNegative() && !unsubscribeBackoff.isNegative(),
        "backoffs must not be negative");
    check(prunePeers >= 0, "prune peers must not be negative");
    check(
        maxIHaveLength > 0 && maxIHaveMessages > 0 && maxIWantPerHeartbeat > 0,
        "IHAVE/IWANT limits must be positive");
    check(gossipRetransmission > 0, "gossip retransmission must be positive");
    check(maxMessageSize >= 1024, "max message size must be at least 1 KiB");
    check(
        penaltyInvalidMessage >= 0
            && penaltyMalformedRpc >= 0
            && penaltyIWantFlood >= 0
            && penaltyBackoffGraft >= 0,
        "penalties must not be negative");
    check(penaltyDecay > 0 && penaltyDecay < 1, "penalty decay must be between 0 and 1");
    check(
        disconnectThreshold < gossipThreshold && gossipThreshold < 0,
        "must hold: disconnect threshold < gossip threshold < 0");
  }

  /** go-libp2p-pubsub defaults (D_lo 5, not js's 4) and a 1 MiB message limit. */
  public static GossipParams defaults() {
    return new GossipParams(
        6,
        5,
        12,
        6,
        4,
        2,
        0.25,
        Duration.ofSeconds(1),
        Duration.ofMillis(100),
        Duration.ofSeconds(60),
        5,
        3,
        Duration.ofMinutes(2),
        Duration.ofMinutes(1),
        Duration.ofSeconds(10),
        16,
        5000,
        10,
        5000,
        3,
        DEFAULT_MAX_MESSAGE_SIZE,
        true,
        20,
        20,
        20,
        10,
        0.9,
        -30,
        -100);
  }

  public GossipParams withFloodPublish(boolean value) {
    return new GossipParams(
        d,
        dLo,
        dHi,
        dLazy,
        dScore,
        dOut,
        gossipFactor,
        heartbeatInterval,
        heartbeatInitialDelay,
        fanoutTtl,
        mcacheLength,
        mcacheGossip,
        seenTtl,
        pruneBackoff,
        unsubscribeBackoff,
        prunePeers,
        maxIHaveLength,
        maxIHaveMessages,
        maxIWantPerHeartbeat,
        gossipRetransmission,
        maxMessageSize,
        value,
        penaltyInvalidMessage,
        penaltyMalformedRpc,
        penaltyIWantFlood,
        penaltyBackoffGraft,
        penaltyDecay,
        gossipThreshold,
        disconnectThreshold);
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("invalid gossipsub parameters: " + message);
    }
  }
}
