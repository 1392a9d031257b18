package io.bzzz.log.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.log.VerificationException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Proofs made by npm hypercore (committed vectors) verify in Java, and any flipped byte fails. */
class HypercoreProofInteropTest {
  static final HexFormat HEX = HexFormat.of();

  static JsonNode vectors(String mode) throws Exception {
    try (InputStream in =
        HypercoreProofInteropTest.class.getResourceAsStream("/hypercore-vectors.json")) {
      return new ObjectMapper().readTree(in).get(mode.toLowerCase(Locale.ROOT));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"manifest", "compat"})
  void hypercoreProofsVerify(String mode) throws Exception {
    JsonNode v = vectors(mode);
    byte[] key = HEX.parseHex(v.get("key").asText());
    JsonNode last = v.get("text_lengths").get(v.get("text_lengths").size() - 1);
    for (JsonNode p : v.get("proofs")) {
      byte[] wire = HEX.parseHex(p.get("wire").asText());
      var verified = HypercoreProofVerifier.verifyFresh(key, HypercoreDataMessage.decode(wire));
      assertThat(verified.head().length()).isEqualTo(last.get("length").asLong());
      assertThat(HEX.formatHex(verified.head().treeHash()))
          .isEqualTo(last.get("tree_hash").asText());
      JsonNode block = p.get("request").get("block");
      if (block != null) {
        assertThat(verified.block().orElseThrow().index()).isEqualTo(block.get("index").asLong());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"manifest", "compat"})
  void everyFlippedByteIsRejected(String mode) throws Exception {
    JsonNode v = vectors(mode);
    byte[] key = HEX.parseHex(v.get("key").asText());
    byte[] wire = HEX.parseHex(v.get("proofs").get(3).get("wire").asText());
    java.util.List<Integer> accepted = new java.util.ArrayList<>();
    for (int i = 0; i < wire.length; i++) {
      byte[] bad = wire.clone();
      bad[i] ^= 0x04;
      try {
        HypercoreProofVerifier.verifyFresh(key, HypercoreDataMessage.decode(bad));
        accepted.add(i);
      } catch (VerificationException | IllegalArgumentException expected) {
        // rejected, as it must be
      }
    }
    // Byte 1 is the request id, which only pairs an answer with its request.
    assertThat(accepted).containsExactly(1);
  }
}
