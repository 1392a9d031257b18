package io.bzzz.p2p.mux.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Header vectors computed by hand from the Yamux spec's layout. */
class YamuxCodecTest {
  private static final HexFormat HEX = HexFormat.of();

  private static String hex(YamuxFrame frame) {
    return HEX.formatHex(YamuxCodec.encode(frame));
  }

  private static YamuxFrame decode(String hex, long maxData) throws YamuxProtocolException {
    return YamuxCodec.decode(HEX.parseHex(hex), 0, maxData);
  }

  @Test
  void encodesSpecVectors() {
    assertThat(hex(YamuxFrame.windowUpdate(1, YamuxFrame.SYN, 0)))
        .isEqualTo("000100010000000100000000");
    assertThat(hex(YamuxFrame.data(3, YamuxFrame.FIN, 5))).isEqualTo("000000040000000300000005");
    assertThat(hex(YamuxFrame.windowUpdate(2, YamuxFrame.ACK, 262144)))
        .isEqualTo("000100020000000200040000");
    assertThat(hex(YamuxFrame.ping(YamuxFrame.ACK, 0xDEADBEEFL)))
        .isEqualTo("0002000200000000deadbeef");
    assertThat(hex(YamuxFrame.goAway(GoAwayCode.PROTOCOL_ERROR)))
        .isEqualTo("000300000000000000000001");
    assertThat(hex(YamuxFrame.windowUpdate(7, YamuxFrame.RST, 0)))
        .isEqualTo("000100080000000700000000");
  }

  @Test
  void decodesUnsignedFieldsAndRoundTrips() throws YamuxProtocolException {
    YamuxFrame frame = decode("0001000cffffffffffffffff", 0);
    assertThat(frame.type()).isEqualTo(YamuxFrame.Type.WINDOW_UPDATE);
    assertThat(frame.has(YamuxFrame.FIN)).isTrue();
    assertThat(frame.has(YamuxFrame.RST)).isTrue();
    assertThat(frame.has(YamuxFrame.SYN)).isFalse();
    assertThat(frame.unsignedStreamId()).isEqualTo(0xFFFFFFFFL);
    assertThat(frame.length()).isEqualTo(0xFFFFFFFFL);
    assertThat(YamuxCodec.encode(frame)).isEqualTo(HEX.parseHex("0001000cffffffffffffffff"));

    YamuxFrame data = decode("000000010000000300010000", 65536);
    assertThat(data).isEqualTo(YamuxFrame.data(3, YamuxFrame.SYN, 65536));
  }

  @Test
  void rejectsBadHeadersBeforeAllocating() {
    assertThatThrownBy(() -> decode("010000000000000100000000", 0))
        .isInstanceOf(YamuxProtocolException.class)
        .hasMessageContaining("version 1");
    assertThatThrownBy(() -> decode("000400000000000100000000", 0))
        .isInstanceOf(YamuxProtocolException.class)
        .hasMessageContaining("frame type 4");
    assertThatThrownBy(() -> decode("000000000000000100010001", 65536))
        .isInstanceOf(YamuxProtocolException.class)
        .hasMessageContaining("65537 bytes on stream 1 exceeds the limit of 65536");
    assertThatThrownBy(() -> decode("0000000000", 10))
        .isInstanceOf(YamuxProtocolException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void windowUpdateLengthIsNotLimitedLikeData() throws YamuxProtocolException {
    assertThat(decode("0001000000000001ffffffff", 0).length()).isEqualTo(0xFFFFFFFFL);
  }

  @Test
  void frameRejectsOutOfRangeFields() {
    assertThatThrownBy(() -> YamuxFrame.windowUpdate(1, 0, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> YamuxFrame.windowUpdate(1, 0x10000, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
