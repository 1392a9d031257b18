package io.bzzz.p2p.crypto;

import io.bzzz.wire.Base32;
import io.bzzz.wire.Base58;
import io.bzzz.wire.MalformedInputException;
import io.bzzz.wire.Varint;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A libp2p peer id: the multihash of the peer's PublicKey protobuf. Keys of at most 42 bytes are
 * inlined with the identity multihash (all Ed25519 ids, {@code 12D3KooW...}); larger ones are
 * hashed with sha2-256 ({@code Qm...}). Text form: base58btc, or CIDv1 base32 ({@code bafz...}).
 */
public final class PeerId implements Comparable<PeerId> {
  private static final int IDENTITY = 0x00;
  private static final int SHA2_256 = 0x12;
  private static final int MAX_INLINE_KEY = 42;
  private static final int CID_V1 = 0x01;
  private static final int LIBP2P_KEY_CODEC = 0x72;
  public static final int MAX_SIZE = 128;

  /**
   * Longest text form we parse: base58 of {@link #MAX_SIZE} bytes is at most 175 characters, the
   * CID form at most 209. Checked first because base58 decoding is quadratic in the length.
   */
  public static final int MAX_TEXT = 256;

  private final byte[] bytes;
  private final int hash;

  private PeerId(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  public static PeerId fromPublicKey(PublicKey key) {
    byte[] proto = key.toProtobuf();
    if (proto.length <= MAX_INLINE_KEY) {
      byte[] out = new byte[2 + proto.length];
      out[0] = IDENTITY;
      out[1] = (byte) proto.length;
      System.arraycopy(proto, 0, out, 2, proto.length);
      return new PeerId(out);
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(proto);
      byte[] out = new byte[2 + digest.length];
      out[0] = SHA2_256;
      out[1] = (byte) digest.length;
      System.arraycopy(digest, 0, out, 2, digest.length);
      return new PeerId(out);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses the multihash bytes of a peer id (as found in multiaddrs, pubsub and kad). */
  public static PeerId fromBytes(byte[] bytes) {
    if (bytes.length > MAX_SIZE) {
      throw new MalformedInputException("peer id longer than " + MAX_SIZE + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    long code = Varint.read(in);
    long length = Varint.read(in);
    if (code != IDENTITY && code != SHA2_256) {
      throw new MalformedInputException(
          "peer id uses unsupported multihash 0x" + Long.toHexString(code));
    }
    if (code == SHA2_256 && length != 32) {
      throw new MalformedInputException("sha2-256 peer id digest must be 32 bytes");
    }
    if (length != in.remaining()) {
      throw new MalformedInputException(
          "peer id multihash length " + length + " does not match " + in.remaining() + " bytes");
    }
    return new PeerId(bytes.clone());
  }

  /** Parses the base58btc form ({@code 12D3KooW...}, {@code Qm...}) or the CIDv1 form. */
  public static PeerId parse(String text) {
    if (text.length() > MAX_TEXT) {
      throw new MalformedInputException("peer id text longer than " + MAX_TEXT + " characters");
    }
    if (text.startsWith("1") || text.startsWith("Q")) {
      return fromBytes(Base58.decode(text));
    }
    if (text.startsWith("b")) {
      ByteBuffer in = ByteBuffer.wrap(Base32.decode(text.substring(1)));
      if (Varint.read(in) != CID_V1 || Varint.read(in) != LIBP2P_KEY_CODEC) {
        throw new MalformedInputException("CID is not a CIDv1 libp2p-key: " + text);
      }
      byte[] rest = new byte[in.remaining()];
      in.get(rest);
      return fromBytes(rest);
    }
    throw new MalformedInputException("not a peer id: " + text);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public int size() {
    return bytes.length;
  }

  /** The public key inlined in an identity-multihash id; empty for hashed ids. */
  public Optional<PublicKey> publicKey() {
    if (bytes[0] != IDENTITY) {
      return Optional.empty();
    }
    return Optional.of(PublicKey.fromProtobuf(Arrays.copyOfRange(bytes, 2, bytes.length)));
  }

  public String toBase58() {
    return Base58.encode(bytes);
  }

  public String toCid() {
    byte[] cid = new byte[2 + bytes.length];
    cid[0] = CID_V1;
    cid[1] = LIBP2P_KEY_CODEC;
    System.arraycopy(bytes, 0, cid, 2, bytes.length);
    return "b" + Base32.encode(cid);
  }

  @Override
  public int compareTo(PeerId o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerId other && hash == other.hash && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return toBase58();
  }
}
