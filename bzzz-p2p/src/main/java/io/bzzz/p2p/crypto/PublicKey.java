package io.bzzz.p2p.crypto;

import io.bzzz.wire.MalformedInputException;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 public key. Its libp2p protobuf form is {@code 08 01 12 20 || key[32]}
 * (PublicKey{Type=Ed25519, Data}), which is also what an Ed25519 peer id inlines.
 */
public final class PublicKey {
  public static final int SIZE = 32;
  static final byte[] PROTOBUF_PREFIX = {0x08, 0x01, 0x12, 0x20};

  private final byte[] raw;
  private final Ed25519.PublicPoint point;

  private PublicKey(byte[] raw, Ed25519.PublicPoint point) {
    this.raw = raw;
    this.point = point;
  }

  /** Raw 32-byte key; rejects encodings that are not a point on the curve. */
  public static PublicKey fromRaw(byte[] raw) {
    if (raw.length != SIZE) {
      throw new MalformedInputException("Ed25519 public key must be 32 bytes, got " + raw.length);
    }
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyPartialExport(raw, 0);
    if (point == null) {
      throw new MalformedInputException("Ed25519 public key is not a valid curve point");
    }
    return new PublicKey(raw.clone(), point);
  }

  /** Decodes the libp2p PublicKey protobuf; only Ed25519 keys are supported. */
  public static PublicKey fromProtobuf(byte[] proto) {
    if (proto.length == PROTOBUF_PREFIX.length + SIZE
        && Arrays.equals(proto, 0, PROTOBUF_PREFIX.length, PROTOBUF_PREFIX, 0, 4)) {
      return fromRaw(Arrays.copyOfRange(proto, PROTOBUF_PREFIX.length, proto.length));
    }
    if (proto.length >= 2 && proto[0] == 0x08 && proto[1] != 0x01) {
      throw new MalformedInputException(
          "unsupported public key type " + proto[1] + " (only Ed25519 is supported)");
    }
    throw new MalformedInputException(
        "not a deterministic Ed25519 PublicKey protobuf (" + proto.length + " bytes)");
  }

  public byte[] raw() {
    return raw.clone();
  }

  public byte[] toProtobuf() {
    byte[] out = Arrays.copyOf(PROTOBUF_PREFIX, PROTOBUF_PREFIX.length + SIZE);
    System.arraycopy(raw, 0, out, PROTOBUF_PREFIX.length, SIZE);
    return out;
  }

  public boolean verify(byte[] message, byte[] signature) {
    return verify(message, 0, message.length, signature);
  }

  public boolean verify(byte[] message, int offset, int length, byte[] signature) {
    if (signature == null || signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    return Ed25519.verify(signature, 0, point, message, offset, length);
  }

  public PeerId toPeerId() {
    return PeerId.fromPublicKey(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicKey other && Arrays.equals(raw, other.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "Ed25519:" + HexFormat.of().formatHex(raw);
  }
}
