package io.bzzz.p2p.discovery.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.wire.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerListJsonTest {
  private final PeerId a = PrivateKey.generate().peerId();
  private final PeerId b = PrivateKey.generate().peerId();

  private static List<KnownPeer> decode(String json) {
    return PeerListJson.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheShapeTheApiServes() {
    List<KnownPeer> peers =
        decode(
            """
            {"peers":[{"peer_id":"%s","multiaddrs":["/ip4/10.0.0.5/tcp/4001",
              "/ip4/10.0.0.6/tcp/4001/p2p/%s"],"name":"alice","priority":1,
              "last_seen":"2026-01-02T03:04:05Z"}]}
            """
                .formatted(a, a));
    assertThat(peers)
        .containsExactly(
            new KnownPeer(
                a,
                List.of(
                    Multiaddr.parse("/ip4/10.0.0.5/tcp/4001").withPeerId(a),
                    Multiaddr.parse("/ip4/10.0.0.6/tcp/4001").withPeerId(a)),
                "alice",
                Optional.of(Instant.parse("2026-01-02T03:04:05Z"))));
  }

  @Test
  void skipsBadEntriesAndAddressesKeepingTheRest() {
    List<KnownPeer> peers =
        decode(
            """
            {"peers":[{"peer_id":"not-a-peer","multiaddrs":["/ip4/1.2.3.4/tcp/1"]},
              {"multiaddrs":[]}, 7,
              {"peer_id":"%s","multiaddrs":["garbage","/ip4/10.0.0.7/tcp/1/p2p/%s",
                "/ip4/10.0.0.8/tcp/2", 5],"last_seen":"yesterday"}]}
            """
                .formatted(a, b));
    assertThat(peers).hasSize(1);
    assertThat(peers.get(0).id()).isEqualTo(a);
    // the address naming another peer is dropped, as are the unparseable ones
    assertThat(peers.get(0).addresses())
        .containsExactly(Multiaddr.parse("/ip4/10.0.0.8/tcp/2").withPeerId(a));
    assertThat(peers.get(0).lastSeen()).isEmpty();
  }

  @Test
  void rejectsWhatIsNotAPeerList() {
    for (String bad : List.of("", "<html>", "[]", "{\"peers\":{}}", "{\"peers\":[", "null")) {
      assertThatThrownBy(() -> decode(bad)).as(bad).isInstanceOf(MalformedInputException.class);
    }
  }

  @Test
  void readsAtMostTheLimits() {
    StringBuilder json = new StringBuilder("{\"peers\":[");
    for (int i = 0; i < PeerListJson.MAX_PEERS + 10; i++) {
      json.append(i == 0 ? "" : ",").append("{\"peer_id\":\"").append(a).append("\",");
      json.append("\"multiaddrs\":[");
      for (int j = 0; j < (i == 0 ? 40 : 1); j++) {
        json.append(j == 0 ? "" : ",").append("\"/ip4/10.0.0.1/tcp/").append(j + 1).append('"');
      }
      json.append("]}");
    }
    List<KnownPeer> peers = decode(json.append("]}").toString());
    assertThat(peers).hasSize(PeerListJson.MAX_PEERS);
    assertThat(peers.get(0).addresses()).hasSize(PeerListJson.MAX_ADDRESSES);
  }

  @Test
  void encodesWhatItDecodes() {
    List<KnownPeer> peers =
        List.of(
            new KnownPeer(
                a,
                List.of(Multiaddr.parse("/ip4/10.0.0.5/tcp/4001").withPeerId(a)),
                "",
                Optional.of(Instant.parse("2026-01-02T03:04:05Z"))),
            new KnownPeer(b, List.of(), "bob", Optional.empty()));
    assertThat(PeerListJson.decode(PeerListJson.encode(peers))).isEqualTo(peers);
  }
}
