package io.bzzz.log;

import io.bzzz.log.sign.SignedHead;
import io.bzzz.log.tree.TreeNode;
import java.util.List;

/**
 * What readers of a {@link SignedLog} see: the signed head, its roots, and where each block ends in
 * {@code data}. Immutable except that {@code ends} may hold entries past the length, written before
 * the next state is published.
 */
record LogState(SignedHead head, List<TreeNode> roots, long[] ends) {
  long start(long index) {
    return index == 0 ? 0 : ends[(int) index - 1];
  }
}
