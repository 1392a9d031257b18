package io.bzzz.p2p.discovery.kad;

import io.bzzz.wire.MalformedInputException;
import java.util.Arrays;
import java.util.List;

/**
 * A Kademlia DHT message (specs/kad-dht). Bzzz serves FIND_NODE and PING; the record and provider
 * fields of the other types are skipped when decoding.
 */
public record KadMessage(Type type, byte[] key, List<KadPeer> closerPeers) {
  /** The spec's MessageType numbers. */
  public enum Type {
    PUT_VALUE(0),
    GET_VALUE(1),
    ADD_PROVIDER(2),
    GET_PROVIDERS(3),
    FIND_NODE(4),
    PING(5);

    /** The number on the wire; explicit so reordering the constants cannot change the protocol. */
    final int number;

    Type(int number) {
      this.number = number;
    }

    static Type of(long number) {
      for (Type type : values()) {
        if (type.number == number) {
          return type;
        }
      }
      throw new MalformedInputException("unknown kad message type " + number);
    }
  }

  public KadMessage {
    key = key.clone();
    closerPeers = List.copyOf(closerPeers);
  }

  public static KadMessage findNode(byte[] key) {
    return new KadMessage(Type.FIND_NODE, key, List.of());
  }

  public static KadMessage ping() {
    return new KadMessage(Type.PING, new byte[0], List.of());
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KadMessage m
        && m.type == type
        && Arrays.equals(m.key, key)
        && m.closerPeers.equals(closerPeers);
  }

  @Override
  public int hashCode() {
    return (type.hashCode() * 31 + Arrays.hashCode(key)) * 31 + closerPeers.hashCode();
  }

  @Override
  public String toString() {
    return "KadMessage["
        + type
        + ", key "
        + key.length
        + " bytes, "
        + closerPeers.size()
        + " peers]";
  }
}
