package io.bzzz.p2p.discovery.kad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.wire.MalformedInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class KadCodecTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final PeerId SPEC_PEER =
      PeerId.parse("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");

  /** Encoded by @libp2p/kad-dht 15.1.11 (Message.encode); it writes clusterLevel (field 10). */
  private static final String JS_RESPONSE =
      "080450001226"
          + "0024080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"
          + "42340a26"
          + "0024080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"
          + "1208047f000001060fa11800";

  @Test
  void decodesAJsFindNodeResponse() {
    KadMessage m = KadCodec.decode(HEX.parseHex(JS_RESPONSE));
    assertThat(m.type()).isEqualTo(KadMessage.Type.FIND_NODE);
    assertThat(m.key()).isEqualTo(SPEC_PEER.bytes());
    assertThat(m.closerPeers())
        .containsExactly(
            new KadPeer(
                SPEC_PEER,
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")),
                KadPeer.Connectedness.NOT_CONNECTED));
  }

  @Test
  void encodesAFindNodeRequestAsGoDoes() {
    // go omits clusterLevelRaw when 0: type=4, key=<peer id>
    assertThat(HEX.formatHex(KadCodec.encode(KadMessage.findNode(SPEC_PEER.bytes()))))
        .isEqualTo("08041226" + HEX.formatHex(SPEC_PEER.bytes()));
  }

  @Test
  void roundTripsThroughTheLengthPrefixedFraming() throws Exception {
    KadMessage m =
        new KadMessage(
            KadMessage.Type.FIND_NODE,
            SPEC_PEER.bytes(),
            List.of(
                new KadPeer(
                    SPEC_PEER,
                    List.of(
                        Multiaddr.parse("/ip4/10.213.0.2/tcp/4001"),
                        Multiaddr.parse("/ip6/fd00::2/tcp/4001")),
                    KadPeer.Connectedness.CONNECTED)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    KadCodec.write(m, out);
    KadCodec.write(KadMessage.ping(), out);
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    assertThat(KadCodec.read(in)).contains(m);
    assertThat(KadCodec.read(in)).contains(KadMessage.ping());
    assertThat(KadCodec.read(in)).isEmpty();
  }

  @Test
  void skipsAddressesOfUnknownTransportsAndPeersWithBadIds() {
    // peer 1: valid id, addresses: quic-v1 (unknown to Bzzz) and ip4/tcp; peer 2: garbage id
    String quic = "04c0a8010a91020fa1cd03";
    String tcp = "047f000001060fa1";
    String peer1 =
        "0a26" + HEX.formatHex(SPEC_PEER.bytes()) + "12" + "0b" + quic + "12" + "08" + tcp;
    String peer2 = "0a03010203";
    String msg =
        "0804" + "42" + String.format("%02x", peer1.length() / 2) + peer1 + "42" + "05" + peer2;
    KadMessage m = KadCodec.decode(HEX.parseHex(msg));
    assertThat(m.closerPeers())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.addresses())
                    .containsExactly(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")));
  }

  @Test
  void skipsTheRecordAndProviderFieldsOfOtherTypes() {
    // type GET_VALUE, record (field 3) with some bytes, providerPeers (9), a fixed32 field 11
    KadMessage m = KadCodec.decode(HEX.parseHex("0801" + "1a03010203" + "4a00" + "5d01020304"));
    assertThat(m.type()).isEqualTo(KadMessage.Type.GET_VALUE);
    assertThat(m.closerPeers()).isEmpty();
  }

  @Test
  void rejectsMalformedMessages() {
    assertThatThrownBy(() -> KadCodec.decode(HEX.parseHex("0809")))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("type 9");
    assertThatThrownBy(() -> KadCodec.decode(HEX.parseHex("1264aabb")))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("length");
    assertThatThrownBy(() -> KadCodec.decode(HEX.parseHex("0f00")))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("wire type");
    assertThatThrownBy(() -> KadCodec.decode(new byte[KadCodec.MAX_MESSAGE + 1]))
        .isInstanceOf(MalformedInputException.class);
  }

  @Test
  void rejectsTooManyPeers() {
    StringBuilder hex = new StringBuilder("0804");
    String peer = "0a26" + HEX.formatHex(SPEC_PEER.bytes());
    for (int i = 0; i <= KadCodec.MAX_PEERS; i++) {
      hex.append("4228").append(peer);
    }
    assertThatThrownBy(() -> KadCodec.decode(HEX.parseHex(hex.toString())))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("peers");
  }

  @Test
  void framingRefusesOversizedLengthsBeforeReading() {
    byte[] huge = HEX.parseHex("ffff7f"); // 2 MiB announced
    assertThatThrownBy(() -> KadCodec.read(new ByteArrayInputStream(huge)))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("exceeds");
    assertThatThrownBy(() -> KadCodec.read(new ByteArrayInputStream(HEX.parseHex("0a0804"))))
        .isInstanceOf(EOFException.class);
  }
}
