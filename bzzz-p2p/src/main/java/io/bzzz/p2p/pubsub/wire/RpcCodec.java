package io.bzzz.p2p.pubsub.wire;

import io.bzzz.p2p.pubsub.wire.ControlMessage.Graft;
import io.bzzz.p2p.pubsub.wire.ControlMessage.IHave;
import io.bzzz.p2p.pubsub.wire.ControlMessage.IWant;
import io.bzzz.p2p.pubsub.wire.ControlMessage.Prune;
import io.bzzz.p2p.pubsub.wire.ControlMessage.PxPeer;
import io.bzzz.wire.MalformedInputException;
import io.bzzz.wire.ProtobufReader;
import io.bzzz.wire.ProtobufWriter;
import io.bzzz.wire.Varint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Encodes and decodes pubsub RPCs (libp2p pubsub {@code rpc.proto}). Encoding is deterministic:
 * ascending field numbers, absent optionals omitted, minimal varints, so re-encoding a message
 * reproduces the bytes its author signed. Decoding skips unknown fields and enforces {@link
 * RpcLimits}.
 */
public final class RpcCodec {
  private final RpcLimits limits;

  public RpcCodec(RpcLimits limits) {
    this.limits = limits;
  }

  public RpcLimits limits() {
    return limits;
  }

  // ---- encoding ----

  public static byte[] encode(Rpc rpc) {
    ProtobufWriter w = new ProtobufWriter(256);
    for (SubOpts sub : rpc.subscriptions()) {
      ProtobufWriter s = new ProtobufWriter(sub.topic().length() + 8);
      s.varint(1, sub.subscribe() ? 1 : 0);
      s.string(2, sub.topic());
      w.message(1, s);
    }
    for (PubMessage m : rpc.publish()) {
      int size = messageSize(m);
      w.lengthPrefix(2, size); // written in place: no nested buffer per message
      int start = w.size();
      messageFields(w, m);
      if (w.size() - start != size) {
        throw new IllegalStateException("message size computed wrongly for topic " + m.topic());
      }
    }
    if (!rpc.control().isEmpty()) {
      w.message(3, control(rpc.control()));
    }
    return w.toByteArray();
  }

  /** The canonical encoding of one {@code Message}. */
  public static byte[] encodeMessage(PubMessage m) {
    int size = messageSize(m);
    ProtobufWriter w = new ProtobufWriter(size);
    messageFields(w, m);
    return w.toByteArray();
  }

  /** Size of an encoded message inside an RPC (tag and length prefix included), computed. */
  public static int encodedSizeInRpc(PubMessage m) {
    int size = messageSize(m);
    return 1 + Varint.size(size) + size;
  }

  private static void messageFields(ProtobufWriter w, PubMessage m) {
    m.from().ifPresent(v -> w.bytes(1, v));
    m.data().ifPresent(v -> w.bytes(2, v));
    m.seqno().ifPresent(v -> w.bytes(3, v));
    w.string(4, m.topic());
    m.signature().ifPresent(v -> w.bytes(5, v));
    m.key().ifPresent(v -> w.bytes(6, v));
  }

  /** The encoded size of a {@code Message}'s fields, as {@link #messageFields} writes them. */
  private static int messageSize(PubMessage m) {
    return fieldSize(m.from())
        + fieldSize(m.data())
        + fieldSize(m.seqno())
        + lengthDelimitedSize(ProtobufWriter.utf8Length(m.topic()))
        + fieldSize(m.signature())
        + fieldSize(m.key());
  }

  private static int fieldSize(Optional<byte[]> value) {
    return value.isPresent() ? lengthDelimitedSize(value.get().length) : 0;
  }

  /** Tag (fields 1 to 15 take one byte), length prefix and content. */
  private static int lengthDelimitedSize(int length) {
    return 1 + Varint.size(length) + length;
  }

  private static ProtobufWriter control(ControlMessage c) {
    ProtobufWriter w = new ProtobufWriter(64);
    for (IHave ihave : c.ihave()) {
      ProtobufWriter e = new ProtobufWriter(64);
      e.string(1, ihave.topic());
      ihave.messageIds().forEach(id -> e.bytes(2, id));
      w.message(1, e);
    }
    for (IWant iwant : c.iwant()) {
      ProtobufWriter e = new ProtobufWriter(64);
      iwant.messageIds().forEach(id -> e.bytes(1, id));
      w.message(2, e);
    }
    for (Graft graft : c.graft()) {
      ProtobufWriter e = new ProtobufWriter(32);
      e.string(1, graft.topic());
      w.message(3, e);
    }
    for (Prune prune : c.prune()) {
      ProtobufWriter e = new ProtobufWriter(32);
      e.string(1, prune.topic());
      for (PxPeer px : prune.peers()) {
        ProtobufWriter p = new ProtobufWriter(48);
        p.bytes(1, px.peerId());
        px.signedPeerRecord().ifPresent(r -> p.bytes(2, r));
        e.message(2, p);
      }
      prune.backoffSeconds().ifPresent(b -> e.varint(3, b));
      w.message(4, e);
    }
    return w;
  }

  // ---- decoding ----

  /** Decodes one RPC (without its length prefix). */
  public Rpc decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  public Rpc decode(byte[] bytes, int offset, int length) {
    if (length > limits.maxRpcSize()) {
      throw new MalformedRpcException(
          "RPC of " + length + " bytes exceeds limit " + limits.maxRpcSize());
    }
    try {
      return decodeFields(new ProtobufReader(bytes, offset, length));
    } catch (MalformedRpcException e) {
      throw e;
    } catch (MalformedInputException e) {
      // the shared reader's errors are the sender's fault too; PeerStreams scores them as such
      throw new MalformedRpcException(e.getMessage(), e);
    }
  }

  private Rpc decodeFields(ProtobufReader r) {
    List<SubOpts> subs = new ArrayList<>();
    List<PubMessage> publish = new ArrayList<>();
    Counts counts = new Counts();
    List<IHave> ihave = new ArrayList<>();
    List<IWant> iwant = new ArrayList<>();
    List<Graft> graft = new ArrayList<>();
    List<Prune> prune = new ArrayList<>();
    while (r.hasNext()) {
      switch (r.nextField()) {
        case 1 -> {
          if (subs.size() == limits.maxSubscriptions()) {
            throw new MalformedRpcException(
                "more than " + limits.maxSubscriptions() + " subscriptions in one RPC");
          }
          subs.add(subOpts(r.message("subscription")));
        }
        case 2 -> {
          if (publish.size() == limits.maxMessages()) {
            throw new MalformedRpcException(
                "more than " + limits.maxMessages() + " messages in one RPC");
          }
          publish.add(message(r.message("message")));
        }
        case 3 -> control(r.message("control"), counts, ihave, iwant, graft, prune);
        default -> r.skip();
      }
    }
    ControlMessage control =
        ihave.isEmpty() && iwant.isEmpty() && graft.isEmpty() && prune.isEmpty()
            ? ControlMessage.EMPTY
            : new ControlMessage(ihave, iwant, graft, prune);
    return new Rpc(subs, publish, control);
  }

  private SubOpts subOpts(ProtobufReader r) {
    boolean subscribe = false;
    String topic = null;
    while (r.hasNext()) {
      switch (r.nextField()) {
        case 1 -> subscribe = r.bool();
        case 2 -> topic = r.utf8String(limits.maxTopicLength(), "topic");
        default -> r.skip();
      }
    }
    if (topic == null) {
      throw new MalformedRpcException("subscription without a topic");
    }
    return new SubOpts(subscribe, topic);
  }

  private PubMessage message(ProtobufReader r) {
    byte[] from = null;
    byte[] data = null;
    byte[] seqno = null;
    String topic = null;
    byte[] signature = null;
    byte[] key = null;
    while (r.hasNext()) {
      switch (r.nextField()) {
        case 1 -> from = r.bytes(RpcLimits.MAX_ID_LENGTH, "message from");
        case 2 -> data = r.bytes(limits.maxRpcSize(), "message data");
        case 3 -> seqno = r.bytes(RpcLimits.MAX_ID_LENGTH, "message seqno");
        case 4 -> topic = r.utf8String(limits.maxTopicLength(), "message topic");
        case 5 -> signature = r.bytes(RpcLimits.MAX_SIGNATURE_LENGTH, "message signature");
        case 6 -> key = r.bytes(RpcLimits.MAX_KEY_LENGTH, "message key");
        default -> r.skip();
      }
    }
    if (topic == null) {
      throw new MalformedRpcException("message without a topic");
    }
    return new PubMessage(
        Optional.ofNullable(from),
        Optional.ofNullable(data),
        Optional.ofNullable(seqno),
        topic,
        Optional.ofNullable(signature),
        Optional.ofNullable(key));
  }

  private void control(
      ProtobufReader r,
      Counts counts,
      List<IHave> ihave,
      List<IWant> iwant,
      List<Graft> graft,
      List<Prune> prune) {
    while (r.hasNext()) {
      int field = r.nextField();
      if (field >= 1 && field <= 4 && ++counts.entries > limits.maxControlEntries()) {
        throw new MalformedRpcException(
            "more than " + limits.maxControlEntries() + " control entries in one RPC");
      }
      switch (field) {
        case 1 -> ihave.add(ihave(r.message("ihave"), counts));
        case 2 -> iwant.add(new IWant(ids(r.message("iwant"), 1, counts, null)));
        case 3 -> graft.add(new Graft(topicOnly(r.message("graft"))));
        case 4 -> prune.add(prune(r.message("prune")));
        default -> r.skip();
      }
    }
  }

  private IHave ihave(ProtobufReader r, Counts counts) {
    String[] topic = new String[1];
    List<byte[]> ids = ids(r, 2, counts, topic);
    if (topic[0] == null) {
      throw new MalformedRpcException("IHAVE without a topic");
    }
    return new IHave(topic[0], ids);
  }

  /** Reads repeated message ids in {@code idField}; field 1 is the topic when {@code topic}. */
  private List<byte[]> ids(ProtobufReader r, int idField, Counts counts, String[] topic) {
    List<byte[]> ids = new ArrayList<>();
    while (r.hasNext()) {
      int field = r.nextField();
      if (field == idField) {
        if (++counts.ids > limits.maxMessageIds()) {
          throw new MalformedRpcException(
              "more than " + limits.maxMessageIds() + " message ids in one RPC");
        }
        ids.add(r.bytes(RpcLimits.MAX_ID_LENGTH, "message id"));
      } else if (field == 1 && topic != null) {
        topic[0] = r.utf8String(limits.maxTopicLength(), "IHAVE topic");
      } else {
        r.skip();
      }
    }
    return ids;
  }

  private String topicOnly(ProtobufReader r) {
    String topic = null;
    while (r.hasNext()) {
      if (r.nextField() == 1) {
        topic = r.utf8String(limits.maxTopicLength(), "GRAFT topic");
      } else {
        r.skip();
      }
    }
    if (topic == null) {
      throw new MalformedRpcException("GRAFT without a topic");
    }
    return topic;
  }

  private Prune prune(ProtobufReader r) {
    String topic = null;
    List<PxPeer> peers = new ArrayList<>();
    OptionalLong backoff = OptionalLong.empty();
    while (r.hasNext()) {
      switch (r.nextField()) {
        case 1 -> topic = r.utf8String(limits.maxTopicLength(), "PRUNE topic");
        case 2 -> {
          if (peers.size() == limits.maxPeerExchange()) {
            throw new MalformedRpcException(
                "more than " + limits.maxPeerExchange() + " peers in one PRUNE");
          }
          peers.add(pxPeer(r.message("PRUNE peer")));
        }
        case 3 -> backoff = OptionalLong.of(r.varint());
        default -> r.skip();
      }
    }
    if (topic == null) {
      throw new MalformedRpcException("PRUNE without a topic");
    }
    return new Prune(topic, peers, backoff);
  }

  private static PxPeer pxPeer(ProtobufReader r) {
    byte[] id = null;
    byte[] record = null;
    while (r.hasNext()) {
      switch (r.nextField()) {
        case 1 -> id = r.bytes(RpcLimits.MAX_ID_LENGTH, "PX peer id");
        case 2 -> record = r.bytes(RpcLimits.MAX_PEER_RECORD_LENGTH, "PX peer record");
        default -> r.skip();
      }
    }
    if (id == null) {
      throw new MalformedRpcException("PX peer without a peer id");
    }
    return new PxPeer(id, Optional.ofNullable(record));
  }

  private static final class Counts {
    int entries;
    int ids;
  }
}
