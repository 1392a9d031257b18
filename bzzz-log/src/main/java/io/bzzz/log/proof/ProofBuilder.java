package io.bzzz.log.proof;

import io.bzzz.log.SignedLog;
import io.bzzz.log.sign.SignedHead;
import io.bzzz.log.tree.FlatTree;
import io.bzzz.log.tree.TreeNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Builds proofs from a log that holds every block and node (an author or a full replica). */
public final class ProofBuilder {
  private final SignedLog log;

  public ProofBuilder(SignedLog log) {
    this.log = log;
  }

  /** Proves the current head to a verifier that trusts the log at {@code fromLength}. */
  public UpgradeProof upgrade(long fromLength) {
    SignedHead head = log.head();
    if (fromLength > head.length()) {
      throw new IllegalArgumentException(
          "cannot upgrade from " + fromLength + ": the log has " + head.length() + " blocks");
    }
    List<TreeNode> roots = log.rootsAt(head.length());
    Set<Long> rootIndices = new HashSet<>();
    roots.forEach(r -> rootIndices.add(r.index()));
    Set<Long> known = new HashSet<>();
    for (long old : FlatTree.fullRoots(fromLength)) {
      known.add(old);
    }
    List<TreeNode> nodes = new ArrayList<>();
    for (long old : FlatTree.fullRoots(fromLength)) {
      long index = old;
      while (!rootIndices.contains(index)) {
        long sibling = FlatTree.sibling(index);
        if (known.add(sibling)) {
          nodes.add(node(sibling));
        }
        index = FlatTree.parent(index);
        known.add(index);
      }
    }
    return new UpgradeProof(fromLength, head, roots, nodes);
  }

  /** Blocks {@code [start, end)} proven against the tree at {@code length}. */
  public List<BlockProof> range(long start, long end, long length) {
    if (start < 0 || start > end || end > length || length > log.length()) {
      throw new IllegalArgumentException(
          "bad range " + start + ".." + end + " at length " + length + " of " + log.length());
    }
    ProofPlan plan = new ProofPlan(length);
    List<BlockProof> out = new ArrayList<>((int) (end - start));
    for (long block = start; block < end; block++) {
      List<TreeNode> nodes = new ArrayList<>();
      for (long sibling : plan.siblingsFor(block)) {
        nodes.add(node(sibling));
      }
      out.add(new BlockProof(block, log.get(block), nodes));
    }
    return out;
  }

  private TreeNode node(long index) {
    return log.node(index)
        .orElseThrow(() -> new IllegalStateException("tree node " + index + " is not stored"));
  }
}
