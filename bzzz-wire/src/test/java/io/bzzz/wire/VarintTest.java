package io.bzzz.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class VarintTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void encodesAndReadsBack() throws IOException {
    for (long v : new long[] {0, 1, 127, 128, 300, 16383, 16384, (1L << 63) - 1}) {
      byte[] bytes = Varint.encode(v);
      assertThat(bytes).hasSize(Varint.size(v));
      assertThat(Varint.read(ByteBuffer.wrap(bytes))).isEqualTo(v);
      assertThat(Varint.read(new ByteArrayInputStream(bytes))).isEqualTo(v);
    }
    assertThat(HEX.formatHex(Varint.encode(300))).isEqualTo("ac02");
  }

  @Test
  void rejectsNonMinimalOverLongAndTruncatedInput() {
    assertThatThrownBy(() -> Varint.read(ByteBuffer.wrap(HEX.parseHex("8000"))))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("not minimally encoded");
    assertThatThrownBy(() -> Varint.read(ByteBuffer.wrap(HEX.parseHex("ffffffffffffffffff01"))))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("longer than 9 bytes");
    assertThatThrownBy(() -> Varint.read(ByteBuffer.wrap(HEX.parseHex("80"))))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> Varint.read(new ByteArrayInputStream(HEX.parseHex("80"))))
        .isInstanceOf(EOFException.class);
  }

  @Test
  void lengthPrefixOverTheLimitIsRejectedAndCleanEndIsMinusOne() throws IOException {
    assertThat(Varint.readLength(new ByteArrayInputStream(new byte[0]), 10)).isEqualTo(-1);
    assertThat(Varint.readLength(new ByteArrayInputStream(Varint.encode(10)), 10)).isEqualTo(10);
    assertThatThrownBy(() -> Varint.readLength(new ByteArrayInputStream(Varint.encode(11)), 10))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("exceeds limit 10");
  }
}
