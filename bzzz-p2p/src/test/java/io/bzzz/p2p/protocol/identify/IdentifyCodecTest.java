package io.bzzz.p2p.protocol.identify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.wire.MalformedInputException;
import io.bzzz.wire.ProtobufWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentifyCodecTest {
  private static final PrivateKey KEY = PrivateKey.generate();

  private static IdentifyMessage full() {
    return new IdentifyMessage(
        Optional.of(KEY.publicKey()),
        List.of(Multiaddr.parse("/ip4/192.168.1.10/tcp/4001")),
        List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"),
        Optional.of(Multiaddr.parse("/ip4/10.0.0.2/tcp/55000")),
        Optional.of("ipfs/0.1.0"),
        Optional.of("bzzz/test"));
  }

  @Test
  void roundTripsAndUsesTheSpecFieldNumbers() throws IOException {
    byte[] wire = IdentifyCodec.encodeDelimited(full());
    // first field: publicKey (1, bytes) holding the 36-byte key protobuf
    assertThat(HexFormat.of().formatHex(wire, 1, 5)).isEqualTo("0a240801");
    IdentifyMessage back = IdentifyCodec.readAll(new ByteArrayInputStream(wire));
    assertThat(back).isEqualTo(full());
  }

  @Test
  void mergesMessagesSplitAcrossFramesAndSkipsUnknownFieldsAndAddresses() throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(
        new ProtobufWriter()
            .bytes(1, KEY.publicKey().toProtobuf())
            .string(3, "/meshsub/1.1.0")
            .bytes(2, HexFormat.of().parseHex("04c0a8010a91020fa1cd03")) // quic-v1: unknown here
            .toDelimitedByteArray());
    wire.writeBytes(
        new ProtobufWriter()
            .string(6, "go-libp2p/0.40")
            .bytes(8, new byte[300]) // signedPeerRecord, ignored
            .toDelimitedByteArray());
    IdentifyMessage merged = IdentifyCodec.readAll(new ByteArrayInputStream(wire.toByteArray()));
    assertThat(merged.publicKey()).contains(KEY.publicKey());
    assertThat(merged.protocols()).containsExactly("/meshsub/1.1.0");
    assertThat(merged.listenAddresses()).isEmpty();
    assertThat(merged.agentVersion()).contains("go-libp2p/0.40");
  }

  @Test
  void enforcesMessageSizeAndCountLimits() {
    byte[] oversized = {(byte) 0x81, (byte) 0x40}; // length 8193
    assertThatThrownBy(() -> IdentifyCodec.readAll(new ByteArrayInputStream(oversized)))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("exceeds limit");

    ByteArrayOutputStream many = new ByteArrayOutputStream();
    byte[] one = new ProtobufWriter().string(6, "x").toDelimitedByteArray();
    for (int i = 0; i <= IdentifyCodec.MAX_MESSAGES; i++) {
      many.writeBytes(one);
    }
    assertThatThrownBy(() -> IdentifyCodec.readAll(new ByteArrayInputStream(many.toByteArray())))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("more than 10");
  }

  @Test
  void rejectsAKeyThatIsNotEd25519() {
    byte[] rsaKey = HexFormat.of().parseHex("080012020102");
    byte[] message = new ProtobufWriter().bytes(1, rsaKey).toByteArray();
    assertThatThrownBy(() -> IdentifyCodec.decode(message))
        .isInstanceOf(MalformedInputException.class);
  }
}
