package io.bzzz.log.replication;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.log.sign.SignedHead;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Writes the two conflicting signed heads of a fork as JSON into {@code <log>/forks/}: anyone can
 * check both signatures against the log key, which proves the signer equivocated.
 */
final class ForkEvidence {
  private ForkEvidence() {}

  static Path save(Path logDir, byte[] key, SignedHead ours, SignedHead theirs, String peer)
      throws IOException {
    HexFormat hex = HexFormat.of();
    ObjectMapper json = new ObjectMapper();
    ObjectNode doc = json.createObjectNode();
    doc.put("key", hex.formatHex(key));
    doc.put("length", ours.length());
    doc.put("peer", peer);
    doc.set("ours", head(json, ours));
    doc.set("theirs", head(json, theirs));
    Path dir = Files.createDirectories(logDir.resolve("forks"));
    Path file =
        dir.resolve(
            "fork-"
                + ours.length()
                + "-"
                + hex.formatHex(theirs.treeHash()).substring(0, 16)
                + ".json");
    Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    return file;
  }

  private static ObjectNode head(ObjectMapper json, SignedHead h) {
    HexFormat hex = HexFormat.of();
    ObjectNode n = json.createObjectNode();
    n.put("length", h.length());
    n.put("byte_length", h.byteLength());
    n.put("fork", h.fork());
    n.put("tree_hash", hex.formatHex(h.treeHash()));
    n.put("signature", hex.formatHex(h.signature()));
    return n;
  }
}
