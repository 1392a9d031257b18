package io.bzzz.p2p.security.noise;

import io.bzzz.p2p.PeerIdMismatchException;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.crypto.PublicKey;
import io.bzzz.wire.MalformedInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * The libp2p Noise XX handshake ({@code /noise}): {@code -> e}, {@code <- e, ee, s, es}, {@code ->
 * s, se}, each message framed as {@code uint16_be(len) || msg}. Both sides sign their static key
 * with their identity key; each verifies the other's signature and, when dialling a known peer id,
 * that the remote proved exactly that identity.
 *
 * <p>The static X25519 key and its signature are made once per instance (one per host), as
 * rust-libp2p does and js-libp2p's {@code staticNoiseKey} allows: the spec leaves the static key's
 * lifetime to the implementation, the ephemeral keys still give every session its own secrets, and
 * a handshake then makes one key pair instead of two and signs nothing. The signed payload is valid
 * for the host's lifetime, so a peer that saw it can replay it, but only over the static key it
 * signs, whose private half never leaves this instance.
 */
public final class NoiseXxHandshake {
  public static final String PROTOCOL_ID = "/noise";
  private static final int DH_LEN = X25519.POINT_SIZE;

  /** Larger than any payload we accept (identity key, signature, a few muxer names). */
  private static final int MAX_PAYLOAD = 8 * 1024;

  private final SecureRandom random;
  private final KeyPair staticKey;
  private final byte[] signedPayload; // our NoiseHandshakePayload over staticKey, encoded

  public NoiseXxHandshake(PrivateKey identity, SecureRandom random) {
    this(identity, random, NoiseHandshakePayload::sign);
  }

  /** Lets tests play a peer that signs badly or claims another identity. */
  NoiseXxHandshake(PrivateKey identity, SecureRandom random, PayloadSigner signer) {
    this.random = random;
    this.staticKey = KeyPair.generate(random);
    this.signedPayload = signer.sign(identity, staticKey.publicKey).encode();
  }

  @FunctionalInterface
  interface PayloadSigner {
    NoiseHandshakePayload sign(PrivateKey identity, byte[] staticPublicKey);
  }

  /** Runs the initiator side; {@code expected} is the peer id of a dialled {@code /p2p/}. */
  public SecureChannel initiate(InputStream in, OutputStream out, Optional<PeerId> expected)
      throws IOException {
    SymmetricState state = new SymmetricState();
    KeyPair s = staticKey;
    KeyPair e = KeyPair.generate(random);

    // -> e
    state.mixHash(e.publicKey);
    byte[] payloadA = state.encryptAndHash(new byte[0]);
    out.write(NoiseFrames.frame(concat(e.publicKey, payloadA)));
    out.flush();

    // <- e, ee, s, es
    byte[] b = NoiseFrames.readMessage(in);
    if (b.length < DH_LEN + DH_LEN + 2 * CipherState.TAG_SIZE) {
      throw new NoiseException("noise message B too short: " + b.length + " bytes");
    }
    byte[] re = Arrays.copyOfRange(b, 0, DH_LEN);
    state.mixHash(re);
    state.mixKey(dh(e, re));
    byte[] rs =
        state.decryptAndHash(Arrays.copyOfRange(b, DH_LEN, DH_LEN + DH_LEN + CipherState.TAG_SIZE));
    state.mixKey(dh(e, rs));
    byte[] remotePayload =
        state.decryptAndHash(
            Arrays.copyOfRange(b, DH_LEN + DH_LEN + CipherState.TAG_SIZE, b.length));
    PublicKey remoteKey = verify(remotePayload, rs, expected);

    // -> s, se
    byte[] encryptedStatic = state.encryptAndHash(s.publicKey);
    state.mixKey(dh(s, re));
    byte[] payload = state.encryptAndHash(signedPayload);
    out.write(NoiseFrames.frame(concat(encryptedStatic, payload)));
    out.flush();

    CipherState[] ciphers = state.split();
    return channel(remoteKey, in, out, ciphers[1], ciphers[0]);
  }

  /** Runs the responder side; the initiator's identity is whatever it proves. */
  public SecureChannel respond(InputStream in, OutputStream out) throws IOException {
    SymmetricState state = new SymmetricState();
    KeyPair s = staticKey;
    KeyPair e = KeyPair.generate(random);

    // -> e
    byte[] a = NoiseFrames.readMessage(in);
    if (a.length < DH_LEN) {
      throw new NoiseException("noise message A too short: " + a.length + " bytes");
    }
    byte[] re = Arrays.copyOfRange(a, 0, DH_LEN);
    state.mixHash(re);
    state.decryptAndHash(Arrays.copyOfRange(a, DH_LEN, a.length)); // empty payload, ignored

    // <- e, ee, s, es
    state.mixHash(e.publicKey);
    state.mixKey(dh(e, re));
    byte[] encryptedStatic = state.encryptAndHash(s.publicKey);
    state.mixKey(dh(s, re));
    byte[] payload = state.encryptAndHash(signedPayload);
    out.write(NoiseFrames.frame(concat(e.publicKey, encryptedStatic, payload)));
    out.flush();

    // -> s, se
    byte[] c = NoiseFrames.readMessage(in);
    if (c.length < DH_LEN + 2 * CipherState.TAG_SIZE) {
      throw new NoiseException("noise message C too short: " + c.length + " bytes");
    }
    byte[] rs = state.decryptAndHash(Arrays.copyOfRange(c, 0, DH_LEN + CipherState.TAG_SIZE));
    state.mixKey(dh(e, rs));
    byte[] remotePayload =
        state.decryptAndHash(Arrays.copyOfRange(c, DH_LEN + CipherState.TAG_SIZE, c.length));
    PublicKey remoteKey = verify(remotePayload, rs, Optional.empty());

    CipherState[] ciphers = state.split();
    return channel(remoteKey, in, out, ciphers[0], ciphers[1]);
  }

  private static PublicKey verify(
      byte[] payloadBytes, byte[] remoteStatic, Optional<PeerId> expected) throws IOException {
    if (payloadBytes.length > MAX_PAYLOAD) {
      throw new NoiseException("noise handshake payload larger than " + MAX_PAYLOAD + " bytes");
    }
    NoiseHandshakePayload payload;
    try {
      payload = NoiseHandshakePayload.decode(payloadBytes);
    } catch (MalformedInputException e) {
      throw new NoiseException("malformed noise handshake payload: " + e.getMessage(), e);
    }
    PublicKey remoteKey = payload.verify(remoteStatic);
    PeerId actual = remoteKey.toPeerId();
    if (expected.isPresent() && !expected.get().equals(actual)) {
      throw new PeerIdMismatchException(expected.get(), actual);
    }
    return remoteKey;
  }

  private static SecureChannel channel(
      PublicKey remoteKey, InputStream in, OutputStream out, CipherState recv, CipherState send) {
    return new SecureChannel(
        remoteKey.toPeerId(),
        remoteKey,
        new NoiseInputStream(in, recv),
        new NoiseOutputStream(out, send));
  }

  private static byte[] dh(KeyPair local, byte[] remotePublic) throws NoiseException {
    byte[] shared = new byte[DH_LEN];
    if (!X25519.calculateAgreement(local.privateKey, 0, remotePublic, 0, shared, 0)) {
      throw new NoiseException("remote X25519 key is a low-order point");
    }
    return shared;
  }

  private static byte[] concat(byte[]... parts) {
    int total = 0;
    for (byte[] p : parts) {
      total += p.length;
    }
    byte[] out = new byte[total];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** An X25519 key pair; the private half never leaves this class. */
  private record KeyPair(byte[] privateKey, byte[] publicKey) {
    static KeyPair generate(SecureRandom random) {
      byte[] priv = new byte[X25519.SCALAR_SIZE];
      X25519.generatePrivateKey(random, priv);
      byte[] pub = new byte[X25519.POINT_SIZE];
      X25519.generatePublicKey(priv, 0, pub, 0);
      return new KeyPair(priv, pub);
    }
  }
}
