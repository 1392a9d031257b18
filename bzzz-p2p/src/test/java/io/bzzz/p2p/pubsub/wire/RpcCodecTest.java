package io.bzzz.p2p.pubsub.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.pubsub.router.StrictSign;
import io.bzzz.p2p.pubsub.wire.ControlMessage.Graft;
import io.bzzz.p2p.pubsub.wire.ControlMessage.IHave;
import io.bzzz.p2p.pubsub.wire.ControlMessage.IWant;
import io.bzzz.p2p.pubsub.wire.ControlMessage.Prune;
import io.bzzz.p2p.pubsub.wire.ControlMessage.PxPeer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RpcCodecTest {
  private static final HexFormat HEX = HexFormat.of();
  private static Properties vectors;
  private final RpcCodec codec = new RpcCodec(RpcLimits.defaults(1 << 20));

  @BeforeAll
  static void loadVectors() throws IOException {
    vectors = new Properties();
    try (InputStream in =
        RpcCodecTest.class.getResourceAsStream("/io/bzzz/p2p/pubsub/vectors.properties")) {
      vectors.load(in);
    }
  }

  private static byte[] hex(String key) {
    return HEX.parseHex(vectors.getProperty(key));
  }

  @Test
  void computedMessageSizesMatchTheEncodingForAnyTopic() {
    PrivateKey key = PrivateKey.generate();
    for (String topic :
        List.of(
            "",
            "bzzz/coordination/v1",
            "caf\u00e9",
            "\u4e2d\u6587",
            "\ud83d\udc1d",
            "lone\ud800x")) {
      PubMessage m = StrictSign.sign(key, topic, new byte[300], 7);
      Rpc rpc = new Rpc(List.of(), List.of(m, m), ControlMessage.EMPTY);
      byte[] encoded = RpcCodec.encode(rpc);
      assertThat(encoded).hasSize(2 * RpcCodec.encodedSizeInRpc(m));
      assertThat(codec.decode(encoded).publish()).hasSize(2);
    }
  }

  @Test
  void signsExactlyLikeJsLibp2p() {
    PrivateKey key = PrivateKey.fromProtobuf(hex("private_key"));
    PubMessage signed =
        StrictSign.sign(
            key,
            vectors.getProperty("topic"),
            vectors.getProperty("data").getBytes(StandardCharsets.UTF_8),
            Long.parseLong(vectors.getProperty("seqno")));

    assertThat(RpcCodec.encodeMessage(signed.unsigned())).isEqualTo(hex("message_to_sign"));
    byte[] prefixed = StrictSign.signedBytes(signed);
    assertThat(HEX.formatHex(prefixed))
        .isEqualTo(vectors.getProperty("signed_prefix") + vectors.getProperty("message_to_sign"));
    assertThat(signed.signature()).get().isEqualTo(hex("signature"));
    assertThat(StrictSign.verify(signed)).isEqualTo(key.peerId());
  }

  @Test
  void verifiesWithKeyPresentAndRejectsAForeignKey() {
    PrivateKey key = PrivateKey.fromProtobuf(hex("private_key"));
    PubMessage signed = StrictSign.sign(key, "t", new byte[] {1}, 7);
    PubMessage withKey = withKey(signed, key.publicKey().toProtobuf());
    assertThat(StrictSign.verify(withKey)).isEqualTo(key.peerId());

    PubMessage foreign = withKey(signed, PrivateKey.generate().publicKey().toProtobuf());
    assertThatThrownBy(() -> StrictSign.verify(foreign))
        .isInstanceOf(StrictSign.InvalidMessageException.class)
        .hasMessageContaining("key does not match");
  }

  @Test
  void rejectsSeqnoThatIsNotEightBytes() {
    PrivateKey key = PrivateKey.generate();
    PubMessage signed = StrictSign.sign(key, "t", new byte[] {1}, 7);
    PubMessage shortSeqno =
        new PubMessage(
            signed.from(),
            signed.data(),
            Optional.of(new byte[] {7}),
            "t",
            signed.signature(),
            Optional.empty());
    assertThatThrownBy(() -> StrictSign.verify(shortSeqno)).hasMessageContaining("seqno of 1");
  }

  @Test
  void encodesSubscribeAndGraftRpcsLikeJs() {
    String topic = vectors.getProperty("topic");
    Rpc subscribe = new Rpc(List.of(new SubOpts(true, topic)), List.of(), ControlMessage.EMPTY);
    assertThat(RpcCodec.encode(subscribe)).isEqualTo(hex("rpc_subscribe"));
    Rpc graft =
        Rpc.ofControl(
            new ControlMessage(List.of(), List.of(), List.of(new Graft(topic)), List.of()));
    assertThat(RpcCodec.encode(graft)).isEqualTo(hex("rpc_graft"));

    assertThat(codec.decode(hex("rpc_subscribe")).subscriptions())
        .containsExactly(new SubOpts(true, topic));
    assertThat(codec.decode(hex("rpc_graft")).control().graft()).containsExactly(new Graft(topic));
  }

  @Test
  void roundTripsEveryField() {
    PrivateKey key = PrivateKey.generate();
    PubMessage m =
        withKey(StrictSign.sign(key, "a", new byte[] {1, 2, 3}, 42), key.publicKey().toProtobuf());
    ControlMessage control =
        new ControlMessage(
            List.of(new IHave("a", List.of(new byte[] {1}, new byte[] {2}))),
            List.of(new IWant(List.of(new byte[] {3}))),
            List.of(new Graft("b")),
            List.of(
                new Prune(
                    "c",
                    List.of(new PxPeer(key.peerId().bytes(), Optional.of(new byte[] {9}))),
                    OptionalLong.of(60))));
    Rpc rpc = new Rpc(List.of(new SubOpts(false, "x")), List.of(m), control);

    byte[] bytes = RpcCodec.encode(rpc);
    Rpc back = codec.decode(bytes);

    assertThat(RpcCodec.encode(back)).isEqualTo(bytes);
    assertThat(back.subscriptions()).containsExactly(new SubOpts(false, "x"));
    assertThat(back.publish().get(0).key()).get().isEqualTo(key.publicKey().toProtobuf());
    assertThat(StrictSign.verify(back.publish().get(0))).isEqualTo(key.peerId());
    assertThat(back.control().prune().get(0).backoffSeconds()).hasValue(60);
    assertThat(back.control().ihave().get(0).messageIds()).hasSize(2);
  }

  @Test
  void skipsUnknownFieldsIncludingIDontWant() {
    // RPC{subscriptions: {subscribe, "t"}, field 9 varint, control{idontwant(5): {ids: [1]}}}
    byte[] bytes = HEX.parseHex("0a050801120174" + "4801" + "1a05" + "2a030a0101");
    Rpc rpc = codec.decode(bytes);
    assertThat(rpc.subscriptions()).containsExactly(new SubOpts(true, "t"));
    assertThat(rpc.control().isEmpty()).isTrue();
  }

  @Test
  void rejectsLengthsPastTheEndAndOverLimits() {
    // message field announcing 100 bytes with 2 present
    assertThatThrownBy(() -> codec.decode(HEX.parseHex("12640a00")))
        .isInstanceOf(MalformedRpcException.class)
        .hasMessageContaining("runs past the end");
    RpcCodec tight = new RpcCodec(new RpcLimits(1024, 1, 1, 1, 1, 4, 1));
    byte[] twoSubs = HEX.parseHex("0a0508011201610a050801120162");
    assertThatThrownBy(() -> tight.decode(twoSubs))
        .hasMessageContaining("more than 1 subscriptions");
    byte[] longTopic = HEX.parseHex("0a09080112056162636465");
    assertThatThrownBy(() -> tight.decode(longTopic)).hasMessageContaining("exceeds limit 4");
    byte[] twoIds =
        RpcCodec.encode(
            Rpc.ofControl(
                new ControlMessage(
                    List.of(),
                    List.of(new IWant(List.of(new byte[1], new byte[1]))),
                    List.of(),
                    List.of())));
    assertThatThrownBy(() -> tight.decode(twoIds)).hasMessageContaining("message ids");
    assertThatThrownBy(() -> codec.decode(HEX.parseHex("0b"))).hasMessageContaining("wire type 3");
    assertThatThrownBy(() -> codec.decode(HEX.parseHex("12021200")))
        .hasMessageContaining("message without a topic");
  }

  @Test
  void framesRejectOversizedLengthBeforeReading() throws IOException {
    byte[] frame = RpcFrames.frame(hex("rpc_subscribe"));
    assertThat(RpcFrames.read(new ByteArrayInputStream(frame), 1024))
        .get()
        .isEqualTo(hex("rpc_subscribe"));
    // announces 2^30 bytes: refused without allocating
    byte[] huge = HEX.parseHex("80808080" + "04");
    assertThatThrownBy(() -> RpcFrames.read(new ByteArrayInputStream(huge), 1 << 20))
        .isInstanceOf(MalformedRpcException.class)
        .hasMessageContaining("exceeds limit");
    assertThat(RpcFrames.read(new ByteArrayInputStream(new byte[0]), 1024)).isEmpty();
  }

  /**
   * Bug found by GossipRpcFuzzTest: a frame length that is not a minimal varint escaped as a plain
   * MalformedInputException, which the peer reader does not catch as a malformed RPC (no penalty,
   * the error surfaced as an unexpected failure).
   */
  @Test
  void aNonMinimalFrameLengthIsAMalformedRpc() {
    byte[] nonMinimal = HEX.parseHex("8100" + "00");
    assertThatThrownBy(() -> RpcFrames.read(new ByteArrayInputStream(nonMinimal), 1024))
        .isInstanceOf(MalformedRpcException.class)
        .hasMessageContaining("not minimally encoded");
    byte[] tooLong = HEX.parseHex("ffffffffffffffffff01");
    assertThatThrownBy(() -> RpcFrames.read(new ByteArrayInputStream(tooLong), 1024))
        .isInstanceOf(MalformedRpcException.class);
  }

  private static PubMessage withKey(PubMessage m, byte[] key) {
    return new PubMessage(
        m.from(), m.data(), m.seqno(), m.topic(), m.signature(), Optional.of(key));
  }
}
