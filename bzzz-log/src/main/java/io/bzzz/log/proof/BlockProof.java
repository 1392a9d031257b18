package io.bzzz.log.proof;

import java.util.List;

/**
 * A block and the sibling nodes from its leaf up to the first node the verifier already trusts.
 * Within a range, the verifier trusts the signed roots plus everything earlier blocks proved, so
 * most blocks need one node or none.
 */
public record BlockProof(long index, byte[] value, List<io.bzzz.log.tree.TreeNode> nodes) {
  public BlockProof {
    value = value.clone();
    nodes = List.copyOf(nodes);
  }

  @Override
  public byte[] value() {
    return value.clone();
  }
}
