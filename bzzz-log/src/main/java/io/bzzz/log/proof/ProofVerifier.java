package io.bzzz.log.proof;

import io.bzzz.log.VerificationException;
import io.bzzz.log.sign.LogIdentity;
import io.bzzz.log.sign.SignedHead;
import io.bzzz.log.tree.FlatTree;
import io.bzzz.log.tree.Hashes;
import io.bzzz.log.tree.TreeNode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks proofs against what the verifier already trusts. Every failure is a {@link
 * VerificationException} saying what was forged; a proof that passes has been tied by hashes to a
 * signature of the log's signer.
 */
public final class ProofVerifier {
  private final LogIdentity identity;

  public ProofVerifier(LogIdentity identity) {
    this.identity = identity;
  }

  /** What a verified upgrade establishes. */
  public record Upgrade(SignedHead head, List<TreeNode> roots) {}

  /**
   * Verifies an upgrade from the trusted roots at {@code proof.fromLength()}: the signature over
   * the new roots, that the sizes add up, and that every old root lies under the new roots.
   *
   * @throws ForkException when the proof is validly signed for our length but another tree
   */
  public Upgrade verifyUpgrade(
      List<TreeNode> trustedRoots, long trustedLength, UpgradeProof proof) {
    SignedHead head = proof.head();
    if (proof.fromLength() != trustedLength) {
      throw new VerificationException(
          "upgrade starts at " + proof.fromLength() + ", we hold " + trustedLength);
    }
    if (head.length() < trustedLength) {
      throw new VerificationException(
          "upgrade to " + head.length() + " is shorter than our " + trustedLength);
    }
    long[] expected = FlatTree.fullRoots(head.length());
    List<TreeNode> roots = proof.roots();
    if (roots.size() != expected.length) {
      throw new VerificationException(
          "upgrade has "
              + roots.size()
              + " roots, length "
              + head.length()
              + " needs "
              + expected.length);
    }
    long size = 0;
    for (int i = 0; i < expected.length; i++) {
      if (roots.get(i).index() != expected[i]) {
        throw new VerificationException(
            "upgrade root " + i + " has the wrong index " + roots.get(i).index());
      }
      size += roots.get(i).size();
    }
    if (size != head.byteLength()) {
      throw new VerificationException(
          "upgrade roots hold " + size + " bytes, head says " + head.byteLength());
    }
    byte[] treeHash = Hashes.tree(roots);
    if (!Arrays.equals(treeHash, head.treeHash())) {
      throw new VerificationException("upgrade roots do not hash to the head's tree hash");
    }
    if (head.length() == 0
        || !identity.verify(treeHash, head.length(), head.fork(), head.signature())) {
      throw new VerificationException(
          "upgrade signature does not verify for length " + head.length());
    }
    if (head.length() == trustedLength) {
      if (!roots.equals(trustedRoots)) {
        throw new ForkException(head.length());
      }
      return new Upgrade(head, roots);
    }
    linkOldRoots(trustedRoots, roots, proof.nodes());
    return new Upgrade(head, roots);
  }

  private static void linkOldRoots(
      List<TreeNode> oldRoots, List<TreeNode> newRoots, List<TreeNode> nodes) {
    Map<Long, TreeNode> given = new HashMap<>();
    nodes.forEach(n -> given.put(n.index(), n));
    Map<Long, TreeNode> target = new HashMap<>();
    newRoots.forEach(n -> target.put(n.index(), n));
    Map<Long, TreeNode> computed = new HashMap<>();
    oldRoots.forEach(n -> computed.put(n.index(), n));
    for (TreeNode old : oldRoots) {
      TreeNode current = old;
      while (!target.containsKey(current.index())) {
        if (FlatTree.depth(current.index()) >= 62) {
          throw new VerificationException(
              "old root " + old.index() + " is not under the new roots");
        }
        long siblingIndex = FlatTree.sibling(current.index());
        TreeNode sibling = computed.getOrDefault(siblingIndex, given.get(siblingIndex));
        if (sibling == null) {
          throw new VerificationException("upgrade lacks node " + siblingIndex);
        }
        current = Hashes.parent(current, sibling);
        TreeNode before = computed.putIfAbsent(current.index(), current);
        if (before != null && !before.equals(current)) {
          throw new VerificationException("upgrade node " + current.index() + " is inconsistent");
        }
      }
      if (!target.get(current.index()).equals(current)) {
        throw new VerificationException(
            "signed tree does not extend ours: old root "
                + old.index()
                + " is not under root "
                + current.index());
      }
    }
  }

  /** Verifies the blocks of a range in order against a verified tree. Not thread-safe. */
  public static final class RangeVerifier {
    private final Map<Long, TreeNode> trusted = new HashMap<>();
    private final long length;
    private long next;

    public RangeVerifier(List<TreeNode> roots, long length, long start) {
      roots.forEach(r -> trusted.put(r.index(), r));
      this.length = length;
      this.next = start;
    }

    public void verify(BlockProof proof) {
      if (proof.index() != next || proof.index() >= length) {
        throw new VerificationException("expected block " + next + ", got " + proof.index());
      }
      byte[] value = proof.value();
      TreeNode current = Hashes.leafNode(proof.index(), value);
      Map<Long, TreeNode> learned = new HashMap<>();
      learned.put(current.index(), current);
      int used = 0;
      List<TreeNode> nodes = proof.nodes();
      while (!trusted.containsKey(current.index())) {
        if (used == nodes.size()) {
          throw new VerificationException("proof of block " + proof.index() + " is too short");
        }
        TreeNode sibling = nodes.get(used++);
        if (sibling.index() != FlatTree.sibling(current.index())) {
          throw new VerificationException(
              "proof of block " + proof.index() + " has node " + sibling.index() + " out of place");
        }
        learned.put(sibling.index(), sibling);
        current = Hashes.parent(current, sibling);
        learned.put(current.index(), current);
      }
      if (used != nodes.size()) {
        throw new VerificationException("proof of block " + proof.index() + " has extra nodes");
      }
      if (!trusted.get(current.index()).equals(current)) {
        throw new VerificationException(
            "block " + proof.index() + " does not match the signed tree");
      }
      learned.forEach(trusted::putIfAbsent);
      next++;
    }
  }
}
