package io.bzzz.p2p.discovery.bootstrap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.wire.MalformedInputException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The peer list of DESIGN §8, {@code {"peers":[{"peer_id","multiaddrs","name","priority",
 * "last_seen"}]}}: what another agent's {@code /api/v1/bootstrap-peers} serves and what the peer
 * cache stores. Decoding is pure and bounded: a document that is not such an object is rejected;
 * within it, an entry without a valid peer id is skipped, as are addresses that do not parse or
 * name another peer (a newer agent may list transports we do not speak).
 */
public final class PeerListJson {
  /** At most this many peers are read from one document; the rest are ignored. */
  public static final int MAX_PEERS = 1024;

  /** At most this many addresses are read per peer. */
  public static final int MAX_ADDRESSES = 32;

  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(16)
                          .maxStringLength(4096)
                          .build())
                  .build())
          .build();

  private PeerListJson() {}

  public static List<KnownPeer> decode(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new MalformedInputException("not JSON: " + firstLine(e), e);
    }
    if (root == null || !root.isObject() || !root.path("peers").isArray()) {
      throw new MalformedInputException("expected an object with a \"peers\" array");
    }
    List<KnownPeer> out = new ArrayList<>();
    for (JsonNode entry : root.get("peers")) {
      if (out.size() == MAX_PEERS) {
        break;
      }
      peer(entry).ifPresent(out::add);
    }
    return out;
  }

  private static Optional<KnownPeer> peer(JsonNode entry) {
    PeerId id;
    try {
      id = PeerId.parse(entry.path("peer_id").asText(""));
    } catch (MalformedInputException e) {
      return Optional.empty();
    }
    List<Multiaddr> addresses = new ArrayList<>();
    for (JsonNode a : entry.path("multiaddrs")) {
      if (addresses.size() == MAX_ADDRESSES) {
        break;
      }
      try {
        Multiaddr ma = Multiaddr.parse(a.asText(""));
        if (ma.peerId().map(p -> !p.equals(id)).orElse(false)) {
          continue;
        }
        addresses.add(ma.peerId().isPresent() ? ma : ma.withPeerId(id));
      } catch (MalformedInputException e) {
        // skipped: see the class comment
      }
    }
    Optional<Instant> lastSeen;
    try {
      lastSeen =
          entry.hasNonNull("last_seen")
              ? Optional.of(Instant.parse(entry.get("last_seen").asText()))
              : Optional.empty();
    } catch (DateTimeParseException e) {
      lastSeen = Optional.empty();
    }
    return Optional.of(new KnownPeer(id, addresses, entry.path("name").asText(""), lastSeen));
  }

  /** The document for {@code peers}, as the peer cache writes it. */
  public static byte[] encode(List<KnownPeer> peers) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("peers");
    for (KnownPeer p : peers) {
      ObjectNode e = list.addObject();
      e.put("peer_id", p.id().toBase58());
      ArrayNode addresses = e.putArray("multiaddrs");
      p.addresses().forEach(a -> addresses.add(a.toString()));
      e.put("name", p.name());
      p.lastSeen().ifPresent(t -> e.put("last_seen", t.toString()));
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serializes", e);
    }
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
