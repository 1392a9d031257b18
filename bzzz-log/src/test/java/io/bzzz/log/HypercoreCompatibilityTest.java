package io.bzzz.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.log.sign.KeyMode;
import io.bzzz.log.sign.LogIdentity;
import io.bzzz.log.sign.Manifest;
import io.bzzz.log.sign.Namespaces;
import io.bzzz.log.tree.Hashes;
import io.bzzz.p2p.crypto.PrivateKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Keys, tree hashes and signatures equal npm hypercore@11.37.1's, byte for byte. */
class HypercoreCompatibilityTest {
  static final JsonNode V = HypercoreVectors.load();
  static final PrivateKey SECRET = PrivateKey.fromSeed(HypercoreVectors.seed());

  @TempDir Path dir;

  static JsonNode mode(KeyMode mode) {
    return V.get(mode.name().toLowerCase(Locale.ROOT));
  }

  static String hex(byte[] b) {
    return HypercoreVectors.HEX.formatHex(b);
  }

  @ParameterizedTest
  @EnumSource(KeyMode.class)
  void keysAndNamespacesMatch(KeyMode mode) {
    LogIdentity id = LogIdentity.of(mode, SECRET.publicKey());
    JsonNode m = mode(mode);
    assertThat(hex(SECRET.publicKey().raw())).isEqualTo(V.get("public_key").asText());
    assertThat(hex(id.key())).isEqualTo(m.get("key").asText());
    assertThat(hex(id.discoveryKey())).isEqualTo(m.get("discovery_key").asText());
    assertThat(hex(Namespaces.DEFAULT_NAMESPACE))
        .isEqualTo(V.get("namespaces").get("default").asText());
    assertThat(hex(Namespaces.MANIFEST)).isEqualTo(V.get("namespaces").get("manifest").asText());
    assertThat(hex(Manifest.defaultFor(SECRET.publicKey()).encode()))
        .isEqualTo(m.get("manifest").asText());
    assertThat(hex(Hashes.tree(List.of()))).isEqualTo(V.get("empty_tree_hash").asText());
    byte[] tree3 =
        HypercoreVectors.HEX.parseHex(m.get("text_lengths").get(2).get("tree_hash").asText());
    assertThat(hex(id.signable(tree3, 3, 0))).isEqualTo(m.get("signable_at_3").asText());
  }

  @ParameterizedTest
  @EnumSource(KeyMode.class)
  void singleAppendsMatchAtEveryLength(KeyMode mode) {
    JsonNode lengths = mode(mode).get("text_lengths");
    try (SignedLog log = SignedLog.create(dir, mode, SECRET, LogOptions.NO_FSYNC)) {
      for (int i = 0; i < lengths.size(); i++) {
        log.append(HypercoreVectors.textBlock(i));
        assertHead(log, lengths.get(i));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(KeyMode.class)
  void batchAppendsMatch(KeyMode mode) {
    JsonNode batches = mode(mode).get("text_batches");
    int next = 0;
    try (SignedLog log = SignedLog.create(dir, mode, SECRET, LogOptions.NO_FSYNC)) {
      for (JsonNode expected : batches) {
        List<byte[]> batch = new ArrayList<>();
        while (next < expected.get("length").asLong()) {
          batch.add(HypercoreVectors.textBlock(next++));
        }
        log.append(batch);
        assertHead(log, expected);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(KeyMode.class)
  void binaryBlocksOfAwkwardSizesMatch(KeyMode mode) {
    JsonNode sizes = V.get("binary_sizes");
    JsonNode lengths = mode(mode).get("binary_lengths");
    try (SignedLog log = SignedLog.create(dir, mode, SECRET, LogOptions.NO_FSYNC)) {
      for (int i = 0; i < sizes.size(); i++) {
        log.append(HypercoreVectors.binaryBlock(i, sizes.get(i).asInt()));
        assertHead(log, lengths.get(i));
      }
    }
  }

  private static void assertHead(SignedLog log, JsonNode expected) {
    assertThat(log.length()).isEqualTo(expected.get("length").asLong());
    assertThat(log.byteLength()).isEqualTo(expected.get("byte_length").asLong());
    assertThat(hex(log.head().treeHash())).isEqualTo(expected.get("tree_hash").asText());
    assertThat(hex(log.identity().wireSignature(log.head().signature())))
        .as("signature at length %d", log.length())
        .isEqualTo(expected.get("signature").asText());
  }
}
