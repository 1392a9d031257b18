package io.bzzz.p2p.discovery.mdns;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.discovery.DiscoveredPeer;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MdnsRecordsTest {
  private final PeerId peer = PrivateKey.generate().peerId();
  private final String name = PeerNames.random(new Random(1));
  private final List<Multiaddr> addresses =
      List.of(
          Multiaddr.parse("/ip4/10.213.0.2/tcp/4001"), Multiaddr.parse("/ip6/fd00::2/tcp/4001"));

  @Test
  void responseHasPtrSrvTxtAndAddressRecords() {
    DnsMessage response =
        DnsCodec.decode(
            DnsCodec.encode(MdnsRecords.response(MdnsRecords.SERVICE, name, peer, addresses)));

    DnsName instance = MdnsRecords.SERVICE.prepend(name);
    assertThat(response.answers())
        .singleElement()
        .satisfies(
            ptr -> {
              assertThat(ptr.name()).isEqualTo(MdnsRecords.SERVICE);
              assertThat(ptr.data()).isEqualTo(new DnsRecordData.Ptr(instance));
              assertThat(ptr.ttl()).isEqualTo(120);
            });
    assertThat(response.additionals()).extracting(DnsRecord::type).containsExactly(33, 16, 1, 28);
    DnsRecordData.Srv srv = (DnsRecordData.Srv) response.additionals().get(0).data();
    assertThat(srv.port()).isEqualTo(4001);
    assertThat(srv.target()).isEqualTo(DnsName.parse(name + ".local"));
    assertThat(response.additionals().get(2).name()).isEqualTo(srv.target());
    assertThat(((DnsRecordData.Txt) response.additionals().get(1).data()).texts())
        .containsExactly(
            "dnsaddr=/ip4/10.213.0.2/tcp/4001/p2p/" + peer,
            "dnsaddr=/ip6/fd00::2/tcp/4001/p2p/" + peer);
  }

  @Test
  void peersAreReadBackFromOurOwnResponse() {
    DnsMessage response = MdnsRecords.response(MdnsRecords.SERVICE, name, peer, addresses);
    assertThat(MdnsRecords.peers(response, MdnsRecords.SERVICE, "someoneelse"))
        .containsExactly(new DiscoveredPeer(peer, addresses, DiscoveredPeer.Source.MDNS));
    assertThat(MdnsRecords.peers(response, MdnsRecords.SERVICE, name)).isEmpty();
  }

  @Test
  void readsJsStyleResponsesWithOneTxtRecordPerAddressInTheAnswers() {
    DnsName instance = MdnsRecords.SERVICE.prepend("jsjsjsjsjsjsjsjsjsjsjsjsjsjsjsjsjs");
    DnsMessage js =
        DnsMessage.response(
            List.of(
                new DnsRecord(MdnsRecords.SERVICE, 120, false, new DnsRecordData.Ptr(instance)),
                new DnsRecord(
                    instance,
                    120,
                    false,
                    DnsRecordData.Txt.ofText(List.of("dnsaddr=/ip4/10.213.0.3/tcp/5/p2p/" + peer))),
                new DnsRecord(
                    instance,
                    120,
                    false,
                    DnsRecordData.Txt.ofText(
                        List.of(
                            "dnsaddr=/ip4/127.0.0.1/tcp/5/p2p/" + peer, "junk", "dnsaddr=/bad")))),
            List.of());
    assertThat(MdnsRecords.peers(DnsCodec.decode(DnsCodec.encode(js)), MdnsRecords.SERVICE, name))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.peer()).isEqualTo(peer);
              assertThat(p.addresses())
                  .containsExactly(
                      Multiaddr.parse("/ip4/10.213.0.3/tcp/5"),
                      Multiaddr.parse("/ip4/127.0.0.1/tcp/5"));
            });
  }

  @Test
  void ignoresTxtRecordsOfInstancesWithoutAPtr() {
    DnsName instance = MdnsRecords.SERVICE.prepend("orphanorphanorphanorphanorphanorphan");
    DnsMessage m =
        DnsMessage.response(
            List.of(
                new DnsRecord(
                    instance,
                    120,
                    false,
                    DnsRecordData.Txt.ofText(List.of("dnsaddr=/ip4/10.0.0.1/tcp/5/p2p/" + peer)))),
            List.of());
    assertThat(MdnsRecords.peers(m, MdnsRecords.SERVICE, name)).isEmpty();
  }

  @Test
  void recognisesPeerQueries() {
    assertThat(MdnsRecords.asksFor(MdnsRecords.query(MdnsRecords.SERVICE), MdnsRecords.SERVICE))
        .isTrue();
    assertThat(
            MdnsRecords.asksFor(
                MdnsRecords.query(DnsName.parse("_other._udp.local")), MdnsRecords.SERVICE))
        .isFalse();
  }

  @Test
  void peerNamesAreLowercaseAlphanumericsOf32To63Characters() {
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      assertThat(PeerNames.random(random)).matches("[a-z0-9]{32,63}");
    }
  }
}
