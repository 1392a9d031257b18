package io.bzzz.log.tree;

import io.bzzz.log.encoding.CompactReader;
import io.bzzz.log.encoding.CompactWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Hypercore's compact encoding of a node list, shared by its proofs and our replication messages:
 * {@code uint count}, then {@code uint index, uint size, fixed32 hash} for each node.
 */
public final class TreeNodeCodec {
  private TreeNodeCodec() {}

  public static void write(CompactWriter w, List<TreeNode> nodes) {
    w.uint(nodes.size());
    for (TreeNode n : nodes) {
      w.uint(n.index()).uint(n.size()).fixed(n.hashRef());
    }
  }

  /** Reads a list of at most {@code maxNodes}, checked before anything is allocated. */
  public static List<TreeNode> read(CompactReader r, int maxNodes) {
    int count = (int) r.uint("node count", maxNodes);
    List<TreeNode> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(new TreeNode(r.uint(), r.uint(), r.fixed(TreeNode.HASH_SIZE)));
    }
    return out;
  }
}
