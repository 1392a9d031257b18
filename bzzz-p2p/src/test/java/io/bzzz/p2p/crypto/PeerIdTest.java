package io.bzzz.p2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.wire.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Vectors from the libp2p peer-ids spec. */
class PeerIdTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String PRIVATE_PROTO =
      "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d"
          + "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
  private static final String PUBLIC_PROTO =
      "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
  private static final String PEER_ID = "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";
  private static final String CID =
      "bafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt6";

  @Test
  void specKeyVectorsRoundTrip() {
    PrivateKey key = PrivateKey.fromProtobuf(HEX.parseHex(PRIVATE_PROTO));
    assertThat(HEX.formatHex(key.toProtobuf())).isEqualTo(PRIVATE_PROTO);
    assertThat(HEX.formatHex(key.publicKey().toProtobuf())).isEqualTo(PUBLIC_PROTO);
    assertThat(key.peerId().toBase58()).isEqualTo(PEER_ID);
    assertThat(key.peerId().toCid()).isEqualTo(CID);
    assertThat(HEX.formatHex(key.peerId().bytes())).isEqualTo("0024" + PUBLIC_PROTO);
  }

  @Test
  void parsesBothTextForms() {
    PeerId fromBase58 = PeerId.parse(PEER_ID);
    assertThat(PeerId.parse(CID)).isEqualTo(fromBase58);
    assertThat(fromBase58.publicKey()).contains(PublicKey.fromProtobuf(HEX.parseHex(PUBLIC_PROTO)));
  }

  @Test
  void signaturesVerifyAndForgeriesDoNot() {
    PrivateKey key = PrivateKey.generate();
    byte[] message = "hello".getBytes(StandardCharsets.UTF_8);
    byte[] sig = key.sign(message);
    assertThat(key.publicKey().verify(message, sig)).isTrue();
    sig[5] ^= 1;
    assertThat(key.publicKey().verify(message, sig)).isFalse();
  }

  @Test
  void legacyPrivateKeyFormWithMismatchedCopiesIsRejected() {
    byte[] proto = HEX.parseHex(PRIVATE_PROTO);
    byte[] legacy = new byte[4 + 96];
    System.arraycopy(proto, 0, legacy, 0, proto.length);
    legacy[3] = 96;
    System.arraycopy(proto, 36, legacy, 68, 32);
    assertThat(PrivateKey.fromProtobuf(legacy).peerId().toBase58()).isEqualTo(PEER_ID);
    legacy[99] ^= 1;
    assertThatThrownBy(() -> PrivateKey.fromProtobuf(legacy))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void rejectsGarbage() {
    assertThatThrownBy(() -> PeerId.parse("12D3KooW0OIl"))
        .isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> PeerId.fromBytes(new byte[] {0x55, 0x01, 0x00}))
        .isInstanceOf(MalformedInputException.class);
  }

  /**
   * Bug found while fuzzing peer id text (docs/fuzz.md): base58 decoding is quadratic, so a 60,000
   * character "peer id" (in a multiaddr of a coordination message, say) cost ~20 s of CPU before it
   * was refused. Text longer than any peer id is now refused before decoding.
   */
  @Test
  void aHugePeerIdTextIsRefusedBeforeDecoding() {
    String huge = "1" + "2".repeat(1_000_000);
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          assertThatThrownBy(() -> PeerId.parse(huge))
              .isInstanceOf(MalformedInputException.class)
              .hasMessageContaining("longer than");
          assertThatThrownBy(() -> Multiaddr.parse("/ip4/10.0.0.1/tcp/1/p2p/" + huge))
              .isInstanceOf(MalformedInputException.class);
        });
    PeerId id = PeerId.fromPublicKey(PrivateKey.generate().publicKey());
    assertThat(PeerId.parse(id.toCid())).isEqualTo(id);
    assertThat(id.toCid().length()).isLessThanOrEqualTo(PeerId.MAX_TEXT);
  }
}
