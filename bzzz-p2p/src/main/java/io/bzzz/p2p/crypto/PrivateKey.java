package io.bzzz.p2p.crypto;

import io.bzzz.wire.MalformedInputException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 private key (32-byte seed). Its libp2p protobuf form is {@code 08 01 12 40 || seed ||
 * pub}; the legacy 96-byte form {@code seed || pub || pub} is accepted when both copies agree.
 */
public final class PrivateKey {
  public static final int SEED_SIZE = 32;
  private static final byte[] PROTOBUF_PREFIX = {0x08, 0x01, 0x12, 0x40};

  private final byte[] seed;
  private final byte[] publicRaw;
  private final PublicKey publicKey;

  private PrivateKey(byte[] seed) {
    this.seed = seed.clone();
    this.publicRaw = new byte[PublicKey.SIZE];
    Ed25519.generatePublicKey(this.seed, 0, publicRaw, 0);
    this.publicKey = PublicKey.fromRaw(publicRaw);
  }

  public static PrivateKey generate() {
    return generate(new SecureRandom());
  }

  public static PrivateKey generate(SecureRandom random) {
    byte[] seed = new byte[SEED_SIZE];
    random.nextBytes(seed);
    return new PrivateKey(seed);
  }

  public static PrivateKey fromSeed(byte[] seed) {
    if (seed.length != SEED_SIZE) {
      throw new MalformedInputException("Ed25519 seed must be 32 bytes, got " + seed.length);
    }
    return new PrivateKey(seed);
  }

  /** Decodes the libp2p PrivateKey protobuf (Ed25519 only) and checks the embedded public key. */
  public static PrivateKey fromProtobuf(byte[] proto) {
    if (proto.length < 4 || proto[0] != 0x08 || proto[2] != 0x12) {
      throw new MalformedInputException("not a libp2p PrivateKey protobuf");
    }
    if (proto[1] != 0x01) {
      throw new MalformedInputException(
          "unsupported private key type " + proto[1] + " (only Ed25519 is supported)");
    }
    int len = proto[3] & 0xff;
    if (proto.length != 4 + len || (len != 64 && len != 96)) {
      throw new MalformedInputException(
          "Ed25519 private key data must be 64 (or legacy 96) bytes, got " + (proto.length - 4));
    }
    PrivateKey key = new PrivateKey(Arrays.copyOfRange(proto, 4, 4 + SEED_SIZE));
    for (int copy = 4 + SEED_SIZE; copy < proto.length; copy += PublicKey.SIZE) {
      if (!Arrays.equals(proto, copy, copy + PublicKey.SIZE, key.publicRaw, 0, PublicKey.SIZE)) {
        throw new MalformedInputException("public key in private key does not match its seed");
      }
    }
    return key;
  }

  public byte[] toProtobuf() {
    byte[] out = Arrays.copyOf(PROTOBUF_PREFIX, PROTOBUF_PREFIX.length + 64);
    System.arraycopy(seed, 0, out, 4, SEED_SIZE);
    System.arraycopy(publicRaw, 0, out, 4 + SEED_SIZE, PublicKey.SIZE);
    return out;
  }

  public byte[] seed() {
    return seed.clone();
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  public PeerId peerId() {
    return publicKey.toPeerId();
  }

  public byte[] sign(byte[] message) {
    return sign(message, 0, message.length);
  }

  public byte[] sign(byte[] message, int offset, int length) {
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, publicRaw, 0, message, offset, length, signature, 0);
    return signature;
  }

  @Override
  public String toString() {
    return "PrivateKey(" + peerId() + ")"; // never the seed
  }
}
