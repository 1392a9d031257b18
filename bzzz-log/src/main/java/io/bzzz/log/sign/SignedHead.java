package io.bzzz.log.sign;

import io.bzzz.log.tree.Hashes;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The signed state of a log: length, byte length, fork, the tree hash of its roots and the raw
 * 64-byte Ed25519 signature over them. The empty log has no signature (an empty array).
 */
public record SignedHead(
    long length, long byteLength, long fork, byte[] treeHash, byte[] signature) {
  public static final SignedHead EMPTY =
      new SignedHead(0, 0, 0, Hashes.tree(List.of()), new byte[0]);

  public SignedHead {
    if (length < 0 || byteLength < 0 || fork < 0) {
      throw new IllegalArgumentException("negative length, byte length or fork");
    }
    if (treeHash.length != 32) {
      throw new IllegalArgumentException("tree hash must be 32 bytes");
    }
    if (signature.length != 64 && !(length == 0 && signature.length == 0)) {
      throw new IllegalArgumentException("signature must be 64 bytes");
    }
    treeHash = treeHash.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] treeHash() {
    return treeHash.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  public boolean sameTree(SignedHead other) {
    return length == other.length && Arrays.equals(treeHash, other.treeHash);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedHead h
        && h.length == length
        && h.byteLength == byteLength
        && h.fork == fork
        && Arrays.equals(h.treeHash, treeHash)
        && Arrays.equals(h.signature, signature);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(length) * 31 + Arrays.hashCode(treeHash);
  }

  @Override
  public String toString() {
    return "SignedHead[length="
        + length
        + ", byteLength="
        + byteLength
        + ", tree="
        + HexFormat.of().formatHex(treeHash)
        + "]";
  }
}
