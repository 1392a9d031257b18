package io.bzzz.p2p.pubsub.wire;

/**
 * What one decoded RPC may contain. The frame size bounds memory; the counts bound the work a small
 * frame full of tiny entries could cause.
 *
 * @param maxRpcSize largest encoded RPC (the length prefix is checked against it)
 * @param maxSubscriptions subscription entries per RPC
 * @param maxMessages published messages per RPC
 * @param maxControlEntries IHAVE + IWANT + GRAFT + PRUNE entries per RPC
 * @param maxMessageIds message ids over all IHAVE and IWANT entries of one RPC
 * @param maxTopicLength bytes of a topic name
 * @param maxPeerExchange peers in one PRUNE
 */
public record RpcLimits(
    int maxRpcSize,
    int maxSubscriptions,
    int maxMessages,
    int maxControlEntries,
    int maxMessageIds,
    int maxTopicLength,
    int maxPeerExchange) {
  public static final int MAX_ID_LENGTH = 256;
  public static final int MAX_SIGNATURE_LENGTH = 256;
  public static final int MAX_KEY_LENGTH = 1024;
  public static final int MAX_PEER_RECORD_LENGTH = 4096;

  public RpcLimits {
    if (maxRpcSize < 1024
        || maxSubscriptions < 1
        || maxMessages < 1
        || maxControlEntries < 1
        || maxMessageIds < 1
        || maxTopicLength < 1
        || maxPeerExchange < 0) {
      throw new IllegalArgumentException("RPC limits must be positive (maxRpcSize >= 1024)");
    }
  }

  public static RpcLimits defaults(int maxRpcSize) {
    return new RpcLimits(maxRpcSize, 5_000, 5_000, 5_000, 10_000, 1024, 64);
  }
}
