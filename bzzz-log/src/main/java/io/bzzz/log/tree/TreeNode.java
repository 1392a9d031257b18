package io.bzzz.log.tree;

import java.util.Arrays;
import java.util.HexFormat;

/** A Merkle tree node: flat-tree index, byte size of the blocks beneath it, BLAKE2b-256 hash. */
public record TreeNode(long index, long size, byte[] hash) {
  public static final int HASH_SIZE = 32;

  public TreeNode {
    if (index < 0 || size < 0) {
      throw new IllegalArgumentException("negative index or size: " + index + ", " + size);
    }
    if (hash.length != HASH_SIZE) {
      throw new IllegalArgumentException("node hash must be 32 bytes, got " + hash.length);
    }
    hash = hash.clone();
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }

  /** The hash without a defensive copy, for hashing loops inside this package. */
  byte[] hashRef() {
    return hash;
  }

  public boolean sameHash(TreeNode other) {
    return Arrays.equals(hash, other.hash);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TreeNode n
        && n.index == index
        && n.size == size
        && Arrays.equals(n.hash, hash);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(index) * 31 + Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return "TreeNode[" + index + ", size=" + size + ", " + HexFormat.of().formatHex(hash) + "]";
  }
}
