package io.bzzz.p2p.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.wire.MalformedInputException;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Vectors computed with @multiformats/multiaddr. */
class MultiaddrTest {
  private static final HexFormat HEX = HexFormat.of();

  @ParameterizedTest
  @CsvSource({
    "/ip4/127.0.0.1/tcp/4001, 047f000001060fa1",
    "/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq,"
        + " 047f000001060fa1a503260024080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e",
    "/dns4/example.com/tcp/443, 360b6578616d706c652e636f6d0601bb",
    "/ip6/::1/tcp/80, 290000000000000000000000000000000106" + "0050",
    "/ip6/fe80::1:2/tcp/1, 29fe800000000000000000000000010002060001",
  })
  void textAndBinaryRoundTrip(String text, String hex) {
    Multiaddr m = Multiaddr.parse(text);
    assertThat(HEX.formatHex(m.bytes())).isEqualTo(hex);
    assertThat(Multiaddr.fromBytes(HEX.parseHex(hex)).toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ip4/1.2.3.4",
        "/ip4/256.0.0.1/tcp/1",
        "/ip4/1.2.3/tcp/1",
        "/ip4/1.2.3.4/tcp/65536",
        "/ip4/1.2.3.4/tcp/-1",
        "/ip4/1.2.3.4/tcp",
        "/foo/1",
        "/p2p/notapeer",
        "/ip6/1.2.3.4/tcp/1"
      })
  void rejectsInvalidText(String text) {
    assertThatThrownBy(() -> Multiaddr.parse(text)).isInstanceOf(MalformedInputException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"04", "047f0000", "ff7f", "06", "a5030500", "360b6578"})
  void rejectsInvalidBytes(String hex) {
    assertThatThrownBy(() -> Multiaddr.fromBytes(HEX.parseHex(hex)))
        .isInstanceOf(MalformedInputException.class);
  }

  @org.junit.jupiter.api.Test
  void peerIdHelpers() {
    Multiaddr m =
        Multiaddr.parse(
            "/ip4/10.0.0.1/tcp/9/p2p/12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
    assertThat(m.peerId()).isPresent();
    assertThat(m.withoutPeerId().toString()).isEqualTo("/ip4/10.0.0.1/tcp/9");
    assertThat(m.withoutPeerId().withPeerId(m.peerId().get())).isEqualTo(m);
    assertThat(m.toSocketAddress().get().getPort()).isEqualTo(9);
  }

  @ParameterizedTest
  @CsvSource({
    "/ip4/10.1.2.3/tcp/4001, 10.1.2.3",
    "/ip6/::1/tcp/80, 0:0:0:0:0:0:0:1",
    "/dns4/example.com/tcp/443, ''",
    "/p2p/12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq, ''",
  })
  void ipIsTheLeadingIpComponentOnly(String text, String ip) {
    assertThat(Multiaddr.parse(text).ip().map(a -> a.getHostAddress()).orElse("")).isEqualTo(ip);
  }

  /**
   * Bug found by MultiaddrFuzzTest: the text form had no size bound, so parse accepted multiaddrs
   * that fromBytes refuses (more than MAX_BYTES), and a config or peer could pass any number of
   * components.
   */
  @org.junit.jupiter.api.Test
  void textLongerThanTheBinaryLimitIsRefused() {
    String long1 = "/tcp/1".repeat(400); // 400 components of 3 bytes
    assertThatThrownBy(() -> Multiaddr.parse(long1))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("longer than " + Multiaddr.MAX_BYTES);
    String fits = "/tcp/1".repeat(Multiaddr.MAX_BYTES / 3);
    assertThat(Multiaddr.parse(fits).bytes()).hasSize(Multiaddr.MAX_BYTES / 3 * 3);
  }
}
