package io.bzzz.log.tree;

import java.util.Arrays;

/**
 * Flat-tree indexing of a binary Merkle tree: leaf {@code i} is node {@code 2i}; a node at depth
 * {@code d} and offset {@code o} is {@code (2o + 1) * 2^d - 1}. Parents sit between their children.
 */
public final class FlatTree {
  private FlatTree() {}

  public static long index(int depth, long offset) {
    return (((offset << 1) + 1) << depth) - 1;
  }

  /** Number of trailing 1-bits. */
  public static int depth(long index) {
    return Long.numberOfTrailingZeros(~index);
  }

  public static long offset(long index) {
    return index >> (depth(index) + 1);
  }

  public static long parent(long index) {
    int depth = depth(index);
    return index(depth + 1, offset(index) >> 1);
  }

  public static long sibling(long index) {
    int depth = depth(index);
    return index(depth, offset(index) ^ 1);
  }

  public static boolean isLeft(long index) {
    return (offset(index) & 1) == 0;
  }

  /** Lowest leaf-level index covered by the node. */
  public static long leftSpan(long index) {
    int depth = depth(index);
    return depth == 0 ? index : offset(index) * (2L << depth);
  }

  /** Highest leaf-level index covered by the node. */
  public static long rightSpan(long index) {
    int depth = depth(index);
    return depth == 0 ? index : (offset(index) + 1) * (2L << depth) - 2;
  }

  public static long leftChild(long index) {
    int depth = depth(index);
    if (depth == 0) {
      throw new IllegalArgumentException("leaf " + index + " has no children");
    }
    return index(depth - 1, offset(index) << 1);
  }

  public static long rightChild(long index) {
    int depth = depth(index);
    if (depth == 0) {
      throw new IllegalArgumentException("leaf " + index + " has no children");
    }
    return index(depth - 1, (offset(index) << 1) + 1);
  }

  /** First block covered by the node. */
  public static long firstBlock(long index) {
    return leftSpan(index) / 2;
  }

  /** Number of blocks covered by the node. */
  public static long blockCount(long index) {
    return 1L << depth(index);
  }

  /**
   * Roots of the tree holding {@code length} blocks, ascending: full subtrees for the binary digits
   * of {@code length}, largest first.
   */
  public static long[] fullRoots(long length) {
    if (length < 0) {
      throw new IllegalArgumentException("negative length " + length);
    }
    long[] roots = new long[Long.bitCount(length)];
    int n = 0;
    long start = 0;
    for (int bit = 62; bit >= 0; bit--) {
      long size = 1L << bit;
      if ((length & size) != 0) {
        roots[n++] = 2 * start + size - 1;
        start += size;
      }
    }
    return Arrays.copyOf(roots, n);
  }

  /** True when every block under the node is below {@code length}. */
  public static boolean isComplete(long index, long length) {
    return rightSpan(index) < 2 * length;
  }
}
