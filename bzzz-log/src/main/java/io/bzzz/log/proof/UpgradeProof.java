package io.bzzz.log.proof;

import io.bzzz.log.sign.SignedHead;
import io.bzzz.log.tree.TreeNode;
import java.util.List;

/**
 * Proves a signed head to someone who trusts the log at {@code fromLength}: the roots at the new
 * length (their tree hash is what {@code head.signature} signs) and the nodes that link each old
 * root up to the new root containing it.
 */
public record UpgradeProof(
    long fromLength, SignedHead head, List<TreeNode> roots, List<TreeNode> nodes) {
  public UpgradeProof {
    roots = List.copyOf(roots);
    nodes = List.copyOf(nodes);
  }
}
