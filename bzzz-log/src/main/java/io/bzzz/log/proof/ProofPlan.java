package io.bzzz.log.proof;

import io.bzzz.log.tree.FlatTree;
import java.util.HashSet;
import java.util.Set;

/**
 * Which sibling nodes each block of a range needs, computed identically by prover and verifier:
 * both start from the signed roots and learn the same nodes block after block, so the prover never
 * sends a node the verifier already has.
 */
final class ProofPlan {
  private final Set<Long> known = new HashSet<>();
  private final long length;

  ProofPlan(long length) {
    this.length = length;
    for (long root : FlatTree.fullRoots(length)) {
      known.add(root);
    }
  }

  /** Sibling indices block {@code block} needs, bottom-up; marks its path as known. */
  long[] siblingsFor(long block) {
    if (block < 0 || block >= length) {
      throw new IllegalArgumentException(
          "block " + block + " outside the tree of length " + length);
    }
    long[] out = new long[64];
    int n = 0;
    long index = 2 * block;
    while (!known.contains(index)) {
      long sibling = FlatTree.sibling(index);
      out[n++] = sibling;
      known.add(index);
      known.add(sibling);
      index = FlatTree.parent(index);
    }
    return java.util.Arrays.copyOf(out, n);
  }
}
