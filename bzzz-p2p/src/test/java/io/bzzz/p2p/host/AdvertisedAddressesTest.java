package io.bzzz.p2p.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.p2p.multiformats.Multiaddr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdvertisedAddressesTest {
  private final AdvertisedAddresses addresses =
      new AdvertisedAddresses(
          () ->
              List.of(
                  ip("127.0.0.1"),
                  ip("192.168.1.10"),
                  ip("169.254.3.4"),
                  ip("::1"),
                  ip("fe80::1"),
                  ip("2001:db8::7")));

  @Test
  void unspecifiedHostsExpandToInterfaceAddressesOfTheirFamily() {
    assertThat(addresses.expanded(List.of(ma("/ip4/0.0.0.0/tcp/4001"))))
        .containsExactly(
            ma("/ip4/127.0.0.1/tcp/4001"),
            ma("/ip4/192.168.1.10/tcp/4001"),
            ma("/ip4/169.254.3.4/tcp/4001"));
  }

  @Test
  void advertisedKeepsOnlyRoutableAddresses() {
    assertThat(addresses.advertised(List.of(ma("/ip4/0.0.0.0/tcp/1"), ma("/ip6/::/tcp/2"))))
        .containsExactly(ma("/ip4/192.168.1.10/tcp/1"), ma("/ip6/2001:db8::7/tcp/2"));
  }

  @Test
  void loopbackIsAdvertisedOnlyWhenItIsAllWeListenOn() {
    assertThat(addresses.advertised(List.of(ma("/ip4/127.0.0.1/tcp/5"))))
        .containsExactly(ma("/ip4/127.0.0.1/tcp/5"));
    assertThat(
            addresses.advertised(
                List.of(ma("/ip4/127.0.0.1/tcp/5"), ma("/ip4/192.168.1.10/tcp/6"))))
        .containsExactly(ma("/ip4/192.168.1.10/tcp/6"));
  }

  private static Multiaddr ma(String s) {
    return Multiaddr.parse(s);
  }

  private static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
