package io.bzzz.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** The committed vectors made by npm hypercore (interop/hypercore-vectors.mjs). */
final class HypercoreVectors {
  static final HexFormat HEX = HexFormat.of();

  private HypercoreVectors() {}

  static JsonNode load() {
    try (InputStream in = HypercoreVectors.class.getResourceAsStream("/hypercore-vectors.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] seed() {
    return HEX.parseHex(load().get("seed").asText());
  }

  /** 'a', 'b', 'c', then 'block-i'. */
  static byte[] textBlock(int i) {
    return (i < 3 ? String.valueOf("abc".charAt(i)) : "block-" + i)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Byte j of binary block i is (i * 31 + j) & 0xff. */
  static byte[] binaryBlock(int i, int size) {
    byte[] b = new byte[size];
    for (int j = 0; j < size; j++) {
      b[j] = (byte) (i * 31 + j);
    }
    return b;
  }
}
