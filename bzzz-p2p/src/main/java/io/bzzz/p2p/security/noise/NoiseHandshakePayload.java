package io.bzzz.p2p.security.noise;

import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.crypto.PublicKey;
import io.bzzz.wire.MalformedInputException;
import io.bzzz.wire.ProtobufReader;
import io.bzzz.wire.ProtobufWriter;
import java.nio.charset.StandardCharsets;

/**
 * The libp2p Noise handshake payload: {@code identity_key} (PublicKey protobuf, field 1) and {@code
 * identity_sig} (field 2), an Ed25519 signature over {@code "noise-libp2p-static-key:" || static
 * X25519 key}. We never send {@code extensions} (field 4): no inline muxer negotiation. Received
 * extensions and unknown fields are ignored.
 */
public record NoiseHandshakePayload(byte[] identityKey, byte[] identitySignature) {
  static final byte[] SIGNATURE_PREFIX =
      "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);

  public NoiseHandshakePayload {
    identityKey = identityKey.clone();
    identitySignature = identitySignature.clone();
  }

  /** Signs our static Noise key with our identity key. */
  public static NoiseHandshakePayload sign(PrivateKey identity, byte[] staticPublicKey) {
    return new NoiseHandshakePayload(
        identity.publicKey().toProtobuf(), identity.sign(signedBytes(staticPublicKey)));
  }

  public byte[] encode() {
    return new ProtobufWriter().bytes(1, identityKey).bytes(2, identitySignature).toByteArray();
  }

  public static NoiseHandshakePayload decode(byte[] bytes) {
    ProtobufReader in = new ProtobufReader(bytes);
    byte[] key = null;
    byte[] signature = null;
    while (in.hasNext()) {
      switch (in.nextField()) {
        case 1 -> key = in.bytes();
        case 2 -> signature = in.bytes();
        default -> in.skip(); // extensions (4) and anything newer
      }
    }
    if (key == null || signature == null) {
      throw new MalformedInputException("noise handshake payload lacks identity_key or signature");
    }
    return new NoiseHandshakePayload(key, signature);
  }

  /**
   * Verifies the signature over the remote static key learnt in the handshake and returns the
   * remote identity key.
   */
  public PublicKey verify(byte[] remoteStaticKey) throws NoiseException {
    PublicKey key;
    try {
      key = PublicKey.fromProtobuf(identityKey);
    } catch (MalformedInputException e) {
      throw new NoiseException("remote identity key is invalid: " + e.getMessage(), e);
    }
    if (!key.verify(signedBytes(remoteStaticKey), identitySignature)) {
      throw new NoiseException(
          "remote identity signature over its static key is invalid (peer " + key.toPeerId() + ")");
    }
    return key;
  }

  static byte[] signedBytes(byte[] staticPublicKey) {
    byte[] out = new byte[SIGNATURE_PREFIX.length + staticPublicKey.length];
    System.arraycopy(SIGNATURE_PREFIX, 0, out, 0, SIGNATURE_PREFIX.length);
    System.arraycopy(staticPublicKey, 0, out, SIGNATURE_PREFIX.length, staticPublicKey.length);
    return out;
  }
}
