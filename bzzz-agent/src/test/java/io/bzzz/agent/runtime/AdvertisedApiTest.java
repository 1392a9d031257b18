package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.p2p.multiformats.Multiaddr;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdvertisedApiTest {
  private static List<Multiaddr> addrs(String... multiaddrs) {
    return Arrays.stream(multiaddrs).map(Multiaddr::parse).toList();
  }

  private static final String ID = "/p2p/12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN";

  @Test
  void anApiOnEveryAddressIsAdvertisedWithTheNodesFirstAddress() {
    assertThat(
            AdvertisedApi.of(
                "http://0.0.0.0:8080/api/health",
                addrs("/ip4/10.0.3.7/tcp/4001" + ID, "/ip4/192.168.1.9/tcp/4001" + ID)))
        .isEqualTo("http://10.0.3.7:8080/api/health");
  }

  @Test
  void ipv6WildcardAndIpv6AddressesKeepTheirBrackets() {
    assertThat(AdvertisedApi.of("http://[::]:8080/api/health", addrs("/ip6/fd00::7/tcp/4001" + ID)))
        .isEqualTo("http://[fd00:0:0:0:0:0:0:7]:8080/api/health");
  }

  @Test
  void withoutAnAdvertisedAddressTheLoopbackIsUsed() {
    assertThat(AdvertisedApi.of("http://0.0.0.0:8080/api/health", addrs()))
        .isEqualTo("http://127.0.0.1:8080/api/health");
  }

  @Test
  void aSpecificHostIsAdvertisedAsItIs() {
    assertThat(
            AdvertisedApi.of(
                "http://127.0.0.1:8080/api/health", addrs("/ip4/10.0.3.7/tcp/4001" + ID)))
        .isEqualTo("http://127.0.0.1:8080/api/health");
  }
}
