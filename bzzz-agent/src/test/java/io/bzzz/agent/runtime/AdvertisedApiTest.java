package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdvertisedApiTest {
  private static final String ID = "/p2p/12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN";

  @Test
  void anApiOnEveryAddressIsAdvertisedWithTheNodesFirstAddress() {
    assertThat(
            AdvertisedApi.of(
                "http://0.0.0.0:8080/api/health",
                List.of("/ip4/10.0.3.7/tcp/4001" + ID, "/ip4/192.168.1.9/tcp/4001" + ID)))
        .isEqualTo("http://10.0.3.7:8080/api/health");
  }

  @Test
  void ipv6WildcardAndIpv6AddressesKeepTheirBrackets() {
    assertThat(
            AdvertisedApi.of("http://[::]:8080/api/health", List.of("/ip6/fd00::7/tcp/4001" + ID)))
        .isEqualTo("http://[fd00::7]:8080/api/health");
  }

  @Test
  void withoutAnAdvertisedAddressTheLoopbackIsUsed() {
    assertThat(AdvertisedApi.of("http://0.0.0.0:8080/api/health", List.of()))
        .isEqualTo("http://127.0.0.1:8080/api/health");
  }

  @Test
  void aSpecificHostIsAdvertisedAsItIs() {
    assertThat(
            AdvertisedApi.of(
                "http://127.0.0.1:8080/api/health", List.of("/ip4/10.0.3.7/tcp/4001" + ID)))
        .isEqualTo("http://127.0.0.1:8080/api/health");
  }
}
