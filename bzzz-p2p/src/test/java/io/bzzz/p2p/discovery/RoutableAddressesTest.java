package io.bzzz.p2p.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.p2p.multiformats.Multiaddr;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutableAddressesTest {
  private static List<Multiaddr> parse(String... text) {
    return java.util.Arrays.stream(text).map(Multiaddr::parse).toList();
  }

  @Test
  void advertisesNoLoopbackWhenSomethingElseIsThere() {
    assertThat(
            RoutableAddresses.advertised(
                parse(
                    "/ip4/127.0.0.1/tcp/1",
                    "/ip4/10.213.0.2/tcp/1",
                    "/ip6/::1/tcp/1",
                    "/ip6/fd00::2/tcp/1")))
        .isEqualTo(parse("/ip4/10.213.0.2/tcp/1", "/ip6/fd00::2/tcp/1"));
  }

  @Test
  void advertisesLoopbackWhenThatIsAllThereIs() {
    assertThat(RoutableAddresses.advertised(parse("/ip4/127.0.0.1/tcp/1", "/ip6/::1/tcp/1")))
        .isEqualTo(parse("/ip4/127.0.0.1/tcp/1", "/ip6/::1/tcp/1"));
  }

  @Test
  void neverAdvertisesUnspecifiedLinkLocalOrMulticast() {
    assertThat(
            RoutableAddresses.advertised(
                parse(
                    "/ip4/0.0.0.0/tcp/1",
                    "/ip6/::/tcp/1",
                    "/ip4/169.254.3.4/tcp/1",
                    "/ip6/fe80::1/tcp/1",
                    "/ip4/224.0.0.251/udp/5353",
                    "/dns4/node.example/tcp/1")))
        .isEqualTo(parse("/dns4/node.example/tcp/1"));
  }

  @Test
  void handsLoopbackOnlyToPeersOnLoopback() {
    List<Multiaddr> known =
        parse("/ip4/127.0.0.1/tcp/1", "/ip4/10.213.0.2/tcp/1", "/ip6/fe80::1/tcp/1");
    assertThat(RoutableAddresses.forPeer(known, false)).isEqualTo(parse("/ip4/10.213.0.2/tcp/1"));
    assertThat(RoutableAddresses.forPeer(known, true))
        .isEqualTo(parse("/ip4/127.0.0.1/tcp/1", "/ip4/10.213.0.2/tcp/1"));
  }
}
