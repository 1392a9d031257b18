package io.bzzz.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Encodings checked against protoc's output for the same fields. */
class ProtobufTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void writesFieldsInOrderAndReadsThemBack() {
    ProtobufWriter inner = new ProtobufWriter().string(1, "t");
    byte[] bytes =
        new ProtobufWriter()
            .varint(1, 150)
            .bytes(2, new byte[] {1, 2})
            .message(3, inner)
            .string(4, "é")
            .toByteArray();
    assertThat(HEX.formatHex(bytes)).isEqualTo("089601" + "12020102" + "1a030a0174" + "2202c3a9");

    ProtobufReader r = new ProtobufReader(bytes);
    assertThat(r.nextField()).isEqualTo(1);
    assertThat(r.varint()).isEqualTo(150);
    assertThat(r.nextField()).isEqualTo(2);
    assertThat(r.bytes()).containsExactly(1, 2);
    assertThat(r.nextField()).isEqualTo(3);
    ProtobufReader sub = r.message("inner");
    assertThat(sub.nextField()).isEqualTo(1);
    assertThat(sub.utf8String(8, "topic")).isEqualTo("t");
    assertThat(sub.hasNext()).isFalse();
    assertThat(r.nextField()).isEqualTo(4);
    assertThat(r.string()).isEqualTo("é");
    assertThat(r.hasNext()).isFalse();
  }

  @Test
  void delimitedFormPrefixesTheLengthAndUtf8LengthMatchesTheEncoding() {
    ProtobufWriter w = new ProtobufWriter(1).string(1, "a\u00e9\u20ac\ud83d\ude00");
    assertThat(w.toDelimitedByteArray()).startsWith(Varint.encode(w.size()));
    assertThat(w.size()).isEqualTo(2 + ProtobufWriter.utf8Length("a\u00e9\u20ac\ud83d\ude00"));
  }

  @Test
  void skipsUnknownFieldsOfEveryWireType() {
    // field 9 varint, field 10 fixed64, field 11 bytes, field 12 fixed32, then field 1 = 7
    byte[] bytes = HEX.parseHex("4801" + "510000000000000000" + "5a0100" + "6500000000" + "0807");
    ProtobufReader r = new ProtobufReader(bytes);
    for (int i = 0; i < 4; i++) {
      r.nextField();
      r.skip();
    }
    assertThat(r.nextField()).isEqualTo(1);
    assertThat(r.varint()).isEqualTo(7);
  }

  @Test
  void readsATenByteVarintAsProtobufEncodesNegativeNumbers() {
    ProtobufReader r = new ProtobufReader(HEX.parseHex("08ffffffffffffffffff01"));
    r.nextField();
    assertThat(r.varint()).isEqualTo(-1);
  }

  @Test
  void readsOnlyItsSlice() {
    byte[] bytes = HEX.parseHex("ff" + "0801" + "ff");
    ProtobufReader r = new ProtobufReader(bytes, 1, 2);
    assertThat(r.nextField()).isEqualTo(1);
    assertThat(r.varint()).isEqualTo(1);
    assertThat(r.hasNext()).isFalse();
  }

  @Test
  void rejectsBadInputWithAPreciseMessage() {
    assertThatThrownBy(() -> fieldThen("1264" + "0a00", r -> r.bytes()))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("length 100 runs past the end");
    assertThatThrownBy(() -> fieldThen("1203616263", r -> r.bytes(2, "seqno")))
        .hasMessageContaining("seqno length 3 exceeds limit 2");
    assertThatThrownBy(() -> fieldThen("0a02c328", r -> r.utf8String(8, "topic")))
        .hasMessageContaining("topic is not valid UTF-8");
    assertThatThrownBy(() -> fieldThen("0801", r -> r.bytes()))
        .hasMessageContaining("wire type 0 where 2 was expected");
    ProtobufReader group = new ProtobufReader(HEX.parseHex("0b"));
    group.nextField();
    assertThatThrownBy(group::skip).hasMessageContaining("unsupported protobuf wire type 3");
    ProtobufReader shortFixed32 = new ProtobufReader(HEX.parseHex("0d0000"));
    shortFixed32.nextField();
    assertThatThrownBy(shortFixed32::skip).hasMessageContaining("runs past the end");
    assertThatThrownBy(() -> new ProtobufReader(HEX.parseHex("00")).nextField())
        .hasMessageContaining("field number 0");
    assertThatThrownBy(() -> new ProtobufReader(HEX.parseHex("88")).nextField())
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> new ProtobufReader(HEX.parseHex("ffffffffffffffffffff01")).nextField())
        .hasMessageContaining("longer than 10 bytes");
  }

  private static Object fieldThen(String hex, Function<ProtobufReader, ?> read) {
    ProtobufReader r = new ProtobufReader(HEX.parseHex(hex));
    r.nextField();
    return read.apply(r);
  }
}
