package io.bzzz.p2p.security.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.p2p.PeerIdMismatchException;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class NoiseXxHandshakeTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final PrivateKey SPEC_KEY =
      PrivateKey.fromProtobuf(
          HEX.parseHex(
              "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"));

  @Test
  void identitySignatureMatchesTheReferenceVector() {
    byte[] staticKey = new byte[32];
    Arrays.fill(staticKey, (byte) 7);
    NoiseHandshakePayload payload = NoiseHandshakePayload.sign(SPEC_KEY, staticKey);
    assertThat(HEX.formatHex(payload.identitySignature()))
        .isEqualTo(
            "6ec45a222a48ec996492121e28909b098b521e6f6f8ba3e99b7da94cc108ac328799a11a002e8c61c40ea547cbcc9077b9df5aca9b083a2b5379f5fa7ad5920a");
    assertThat(HEX.formatHex(payload.encode()))
        .startsWith(
            "0a24080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e1240");
  }

  @Test
  void payloadDecodingIgnoresExtensionsAndUnknownFields() throws Exception {
    byte[] staticKey = new byte[32];
    byte[] base = NoiseHandshakePayload.sign(SPEC_KEY, staticKey).encode();
    // extensions { stream_muxers: "/yamux/1.0.0" } as js sends, plus an unknown varint field 9
    byte[] extra = HEX.parseHex("220e120c2f79616d75782f312e302e304801");
    byte[] withExtras = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, withExtras, base.length, extra.length);
    assertThat(NoiseHandshakePayload.decode(withExtras).verify(staticKey))
        .isEqualTo(SPEC_KEY.publicKey());
  }

  @Test
  void handshakeAuthenticatesBothSidesAndCarriesDataBothWays() throws Exception {
    PrivateKey alice = PrivateKey.generate();
    PrivateKey bob = PrivateKey.generate();
    try (Pair pair = Pair.open()) {
      CompletableFuture<SecureChannel> responder =
          pair.async(
              () ->
                  new NoiseXxHandshake(bob, new SecureRandom())
                      .respond(pair.serverIn(), pair.serverOut()));
      SecureChannel initiator =
          new NoiseXxHandshake(alice, new SecureRandom())
              .initiate(pair.clientIn(), pair.clientOut(), Optional.of(bob.peerId()));
      SecureChannel server = responder.get();
      assertThat(initiator.remotePeer()).isEqualTo(bob.peerId());
      assertThat(server.remotePeer()).isEqualTo(alice.peerId());

      byte[] big = new byte[300_000]; // several frames of at most 65535 bytes
      new Random(1).nextBytes(big);
      CompletableFuture<byte[]> received = pair.async(() -> server.in().readNBytes(big.length));
      initiator.out().write(big);
      initiator.out().flush();
      assertThat(received.get()).isEqualTo(big);

      server.out().write("pong".getBytes(StandardCharsets.UTF_8));
      server.out().flush();
      assertThat(new String(initiator.in().readNBytes(4), StandardCharsets.UTF_8))
          .isEqualTo("pong");
    }
  }

  @Test
  void dialerRejectsAResponderWithAnotherPeerId() throws Exception {
    PrivateKey expected = PrivateKey.generate();
    PrivateKey impostor = PrivateKey.generate();
    try (Pair pair = Pair.open()) {
      // The responder's own outcome does not matter: it fails once the dialer gives up.
      var unused =
          pair.async(
              () ->
                  new NoiseXxHandshake(impostor, new SecureRandom())
                      .respond(pair.serverIn(), pair.serverOut()));
      assertThatThrownBy(
              () ->
                  new NoiseXxHandshake(PrivateKey.generate(), new SecureRandom())
                      .initiate(pair.clientIn(), pair.clientOut(), Optional.of(expected.peerId())))
          .isInstanceOf(PeerIdMismatchException.class)
          .hasMessageContaining(expected.peerId().toString())
          .hasMessageContaining(impostor.peerId().toString());
    }
  }

  /**
   * A host signs its static key once, not per handshake; the sessions still get keys of their own:
   * the same plaintext goes over the wire as different ciphertexts.
   */
  @Test
  void theStaticKeyIsSignedOnceAndEverySessionHasItsOwnKeys() throws Exception {
    PrivateKey bob = PrivateKey.generate();
    AtomicInteger signatures = new AtomicInteger();
    NoiseXxHandshake.PayloadSigner counting =
        (identity, staticKey) -> {
          signatures.incrementAndGet();
          return NoiseHandshakePayload.sign(identity, staticKey);
        };
    NoiseXxHandshake responder = new NoiseXxHandshake(bob, new SecureRandom(), counting);
    List<String> wire = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      try (Pair pair = Pair.open()) {
        CompletableFuture<SecureChannel> server =
            pair.async(() -> responder.respond(pair.serverIn(), pair.serverOut()));
        SecureChannel client =
            new NoiseXxHandshake(PrivateKey.generate(), new SecureRandom())
                .initiate(pair.clientIn(), pair.clientOut(), Optional.of(bob.peerId()));
        assertThat(client.remotePeer()).isEqualTo(bob.peerId());
        server.get();
        client.out().write("same words".getBytes(StandardCharsets.UTF_8));
        client.out().flush();
        wire.add(HEX.formatHex(pair.serverIn().readNBytes(2 + 10 + CipherState.TAG_SIZE)));
      }
    }
    assertThat(signatures).hasValue(1);
    assertThat(Set.copyOf(wire)).hasSize(3);
  }

  /**
   * A host's signed static key outlives one handshake, so a peer that once talked to it holds a
   * valid payload. Replayed over the peer's own static key, it must not pass as that host.
   */
  @Test
  void aPeerReplayingAnotherHostsSignedStaticKeyIsRefused() throws Exception {
    PrivateKey victim = PrivateKey.generate();
    AtomicReference<NoiseHandshakePayload> victimsPayload = new AtomicReference<>();
    new NoiseXxHandshake(
        victim,
        new SecureRandom(),
        (identity, staticKey) -> {
          victimsPayload.set(NoiseHandshakePayload.sign(identity, staticKey));
          return victimsPayload.get();
        });
    NoiseXxHandshake.PayloadSigner replay = (identity, staticKey) -> victimsPayload.get();
    try (Pair pair = Pair.open()) {
      CompletableFuture<SecureChannel> responder =
          pair.async(
              () ->
                  new NoiseXxHandshake(PrivateKey.generate(), new SecureRandom())
                      .respond(pair.serverIn(), pair.serverOut()));
      new NoiseXxHandshake(PrivateKey.generate(), new SecureRandom(), replay)
          .initiate(pair.clientIn(), pair.clientOut(), Optional.empty());
      assertThatThrownBy(responder::get)
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(NoiseException.class)
          .hasMessageContaining("signature")
          .hasMessageContaining(victim.peerId().toString());
    }
  }

  @Test
  void dialerRejectsAResponderThatClaimsAKeyItDidNotSignWith() throws Exception {
    PrivateKey claimed = PrivateKey.generate();
    PrivateKey signer = PrivateKey.generate();
    NoiseXxHandshake.PayloadSigner forged =
        (identity, staticKey) ->
            new NoiseHandshakePayload(
                claimed.publicKey().toProtobuf(),
                NoiseHandshakePayload.sign(signer, staticKey).identitySignature());
    try (Pair pair = Pair.open()) {
      // The responder's own outcome does not matter: it fails once the dialer gives up.
      var unused =
          pair.async(
              () ->
                  new NoiseXxHandshake(signer, new SecureRandom(), forged)
                      .respond(pair.serverIn(), pair.serverOut()));
      assertThatThrownBy(
              () ->
                  new NoiseXxHandshake(PrivateKey.generate(), new SecureRandom())
                      .initiate(pair.clientIn(), pair.clientOut(), Optional.<PeerId>empty()))
          .isInstanceOf(NoiseException.class)
          .hasMessageContaining("signature");
    }
  }

  @Test
  void responderRejectsAnInitiatorWithABadSignature() throws Exception {
    NoiseXxHandshake.PayloadSigner zeroSignature =
        (identity, staticKey) ->
            new NoiseHandshakePayload(identity.publicKey().toProtobuf(), new byte[64]);
    try (Pair pair = Pair.open()) {
      CompletableFuture<SecureChannel> responder =
          pair.async(
              () ->
                  new NoiseXxHandshake(PrivateKey.generate(), new SecureRandom())
                      .respond(pair.serverIn(), pair.serverOut()));
      new NoiseXxHandshake(PrivateKey.generate(), new SecureRandom(), zeroSignature)
          .initiate(pair.clientIn(), pair.clientOut(), Optional.empty());
      assertThatThrownBy(responder::get)
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(NoiseException.class)
          .hasMessageContaining("signature");
    }
  }

  @Test
  void tamperedTransportFrameFailsAuthentication() throws Exception {
    PrivateKey bob = PrivateKey.generate();
    try (Pair pair = Pair.open()) {
      CompletableFuture<SecureChannel> responder =
          pair.async(
              () ->
                  new NoiseXxHandshake(bob, new SecureRandom())
                      .respond(pair.serverIn(), pair.serverOut()));
      new NoiseXxHandshake(PrivateKey.generate(), new SecureRandom())
          .initiate(pair.clientIn(), pair.clientOut(), Optional.empty());
      SecureChannel server = responder.get();
      // a frame of 20 bytes: valid length, garbage ciphertext
      pair.clientOut().write(new byte[] {0, 20});
      pair.clientOut().write(new byte[20]);
      pair.clientOut().flush();
      assertThatThrownBy(() -> server.in().read())
          .isInstanceOf(NoiseException.class)
          .hasMessageContaining("bad tag");
    }
  }

  /** Two ends of a real loopback TCP connection. */
  private record Pair(Socket client, Socket server) implements AutoCloseable {
    static Pair open() throws IOException {
      try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        return new Pair(client, listener.accept());
      }
    }

    InputStream clientIn() throws IOException {
      return client.getInputStream();
    }

    java.io.OutputStream clientOut() throws IOException {
      return client.getOutputStream();
    }

    InputStream serverIn() throws IOException {
      return server.getInputStream();
    }

    java.io.OutputStream serverOut() throws IOException {
      return server.getOutputStream();
    }

    <T> CompletableFuture<T> async(IoCall<T> call) {
      CompletableFuture<T> result = new CompletableFuture<>();
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  result.complete(call.call());
                } catch (Exception e) {
                  result.completeExceptionally(e);
                }
              });
      return result;
    }

    @Override
    public void close() throws IOException {
      client.close();
      server.close();
    }
  }

  @FunctionalInterface
  private interface IoCall<T> {
    T call() throws Exception;
  }
}
