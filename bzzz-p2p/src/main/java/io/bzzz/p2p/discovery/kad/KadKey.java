package io.bzzz.p2p.discovery.kad;

import io.bzzz.p2p.crypto.PeerId;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A point in the kad keyspace: sha256 of a key (for peers, of the peer id multihash bytes).
 * Distance is XOR, compared as an unsigned 256-bit number.
 */
public final class KadKey {
  public static final int BITS = 256;

  private final byte[] hash;

  private KadKey(byte[] hash) {
    this.hash = hash;
  }

  public static KadKey of(byte[] key) {
    try {
      return new KadKey(MessageDigest.getInstance("SHA-256").digest(key));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KadKey of(PeerId peer) {
    return of(peer.bytes());
  }

  /** Number of leading bits this key shares with {@code other} (256 when equal). */
  public int commonPrefixLength(KadKey other) {
    for (int i = 0; i < hash.length; i++) {
      int x = (hash[i] ^ other.hash[i]) & 0xff;
      if (x != 0) {
        return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
      }
    }
    return BITS;
  }

  /** Negative when {@code a} is closer to this key than {@code b}, by XOR distance. */
  public int compareDistance(KadKey a, KadKey b) {
    for (int i = 0; i < hash.length; i++) {
      int da = (hash[i] ^ a.hash[i]) & 0xff;
      int db = (hash[i] ^ b.hash[i]) & 0xff;
      if (da != db) {
        return Integer.compare(da, db);
      }
    }
    return 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KadKey k && Arrays.equals(k.hash, hash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(hash, 0, 8);
  }
}
