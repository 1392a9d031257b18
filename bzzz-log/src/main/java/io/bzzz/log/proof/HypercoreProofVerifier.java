package io.bzzz.log.proof;

import io.bzzz.log.VerificationException;
import io.bzzz.log.sign.KeyMode;
import io.bzzz.log.sign.LogIdentity;
import io.bzzz.log.sign.MultiSignature;
import io.bzzz.log.sign.SignedHead;
import io.bzzz.log.tree.FlatTree;
import io.bzzz.log.tree.Hashes;
import io.bzzz.log.tree.MerkleRoots;
import io.bzzz.log.tree.TreeNode;
import io.bzzz.p2p.crypto.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies a proof made by npm hypercore for a reader that knows only the key (a fresh clone): the
 * block path, the upgrade's roots and additional nodes, the tree hash and the signature. Proves our
 * tree and signatures are Hypercore's, on data Hypercore produced.
 */
public final class HypercoreProofVerifier {
  private HypercoreProofVerifier() {}

  /** What a verified proof establishes. */
  public record Verified(SignedHead head, Optional<BlockProof> block) {}

  public static Verified verifyFresh(byte[] key, HypercoreDataMessage message) {
    LogIdentity identity = identity(key, message);
    HypercoreDataMessage.Upgrade up =
        message
            .upgrade()
            .orElseThrow(() -> new VerificationException("a fresh reader needs an upgrade proof"));
    Optional<TreeNode> blockRoot = message.block().map(HypercoreProofVerifier::blockPath);

    Map<Long, TreeNode> given = new HashMap<>();
    up.nodes().forEach(n -> given.put(n.index(), n));
    blockRoot.ifPresent(n -> given.put(n.index(), n));
    MerkleRoots roots = MerkleRoots.empty();
    List<TreeNode> ignored = new ArrayList<>();
    boolean blockUsed = blockRoot.isEmpty();
    for (long index : FlatTree.fullRoots(up.start() + up.length())) {
      TreeNode node = given.get(index);
      if (node == null) {
        throw new VerificationException("upgrade lacks root " + index);
      }
      blockUsed |= blockRoot.isPresent() && blockRoot.get().index() == index;
      appendRoot(roots, node, ignored);
    }
    if (!blockUsed) {
      throw new VerificationException("the block proof does not reach a root of the upgrade");
    }
    for (TreeNode extra : up.additionalNodes()) {
      appendRoot(roots, extra, ignored);
    }
    long length = roots.length();
    if (!Arrays.equals(
        roots.roots().stream().mapToLong(TreeNode::index).toArray(), FlatTree.fullRoots(length))) {
      throw new VerificationException("upgrade nodes do not form the roots of a tree");
    }
    byte[] treeHash = roots.treeHash();
    byte[] signature =
        identity.mode() == KeyMode.COMPAT ? up.signature() : MultiSignature.unwrap(up.signature());
    if (!identity.verify(treeHash, length, message.fork(), signature)) {
      throw new VerificationException("signature does not verify at length " + length);
    }
    SignedHead head =
        new SignedHead(length, roots.byteLength(), message.fork(), treeHash, signature);
    return new Verified(head, message.block());
  }

  private static LogIdentity identity(byte[] key, HypercoreDataMessage message) {
    LogIdentity id =
        message
            .manifest()
            .map(LogIdentity::ofManifest)
            .orElseGet(() -> LogIdentity.of(KeyMode.COMPAT, PublicKey.fromRaw(key)));
    if (!id.hasKey(key)) {
      throw new VerificationException("the proof's manifest does not hash to the key");
    }
    return id;
  }

  /** Hashes a block up through its sibling nodes; the result must be one of the upgrade's roots. */
  private static TreeNode blockPath(BlockProof block) {
    TreeNode current = Hashes.leafNode(block.index(), block.value());
    for (TreeNode sibling : block.nodes()) {
      if (sibling.index() != FlatTree.sibling(current.index())) {
        throw new VerificationException("block proof node " + sibling.index() + " is out of place");
      }
      current = Hashes.parent(current, sibling);
    }
    return current;
  }

  private static void appendRoot(MerkleRoots roots, TreeNode node, List<TreeNode> created) {
    List<TreeNode> current = roots.roots();
    if (!current.isEmpty()) {
      long next = FlatTree.rightSpan(current.getLast().index()) + 2;
      if (FlatTree.leftSpan(node.index()) != next) {
        throw new VerificationException(
            "upgrade node " + node.index() + " does not continue the tree");
      }
    } else if (FlatTree.leftSpan(node.index()) != 0) {
      throw new VerificationException("upgrade node " + node.index() + " does not start the tree");
    }
    roots.append(node, created);
  }
}
