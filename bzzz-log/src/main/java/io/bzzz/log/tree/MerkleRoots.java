package io.bzzz.log.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * The roots of a growing tree. Appending a leaf pushes it as a root and merges the last two roots
 * while they are siblings; every node created on the way is returned so it can be stored.
 */
public final class MerkleRoots {
  private final ArrayList<TreeNode> roots;

  public MerkleRoots(List<TreeNode> roots) {
    this.roots = new ArrayList<>(roots);
  }

  public static MerkleRoots empty() {
    return new MerkleRoots(List.of());
  }

  /** Appends a leaf; adds the leaf and the parents it completes to {@code created}. */
  public void append(TreeNode leaf, List<TreeNode> created) {
    created.add(leaf);
    roots.add(leaf);
    while (roots.size() > 1) {
      TreeNode a = roots.get(roots.size() - 2);
      TreeNode b = roots.get(roots.size() - 1);
      if (FlatTree.sibling(a.index()) != b.index()) {
        break;
      }
      TreeNode parent = Hashes.parent(a, b);
      roots.remove(roots.size() - 1);
      roots.set(roots.size() - 1, parent);
      created.add(parent);
    }
  }

  public List<TreeNode> roots() {
    return List.copyOf(roots);
  }

  public long length() {
    if (roots.isEmpty()) {
      return 0;
    }
    return (FlatTree.rightSpan(roots.getLast().index()) + 2) / 2;
  }

  public long byteLength() {
    long total = 0;
    for (TreeNode root : roots) {
      total += root.size();
    }
    return total;
  }

  public byte[] treeHash() {
    return Hashes.tree(roots);
  }
}
