package io.bzzz.log.proof;

import io.bzzz.log.SignedLog;
import io.bzzz.log.encoding.CompactReader;
import io.bzzz.log.sign.Manifest;
import io.bzzz.log.tree.TreeNode;
import io.bzzz.log.tree.TreeNodeCodec;
import io.bzzz.wire.MalformedInputException;
import java.util.List;
import java.util.Optional;

/**
 * Hypercore's wire {@code data} message (a proof), as npm hypercore encodes it: {@code uint flags,
 * uint request, uint fork, [block], [hash], [seek], [upgrade], [manifest]}. Seek and hash proofs
 * are decoded only to be refused: Bzzz verifies block and upgrade proofs.
 */
public record HypercoreDataMessage(
    long request,
    long fork,
    Optional<BlockProof> block,
    Optional<Upgrade> upgrade,
    Optional<Manifest> manifest) {

  /** {@code uint start, uint length, node[] nodes, node[] additionalNodes, optionalBuffer sig}. */
  public record Upgrade(
      long start,
      long length,
      List<TreeNode> nodes,
      List<TreeNode> additionalNodes,
      byte[] signature) {}

  private static final int BLOCK = 1;
  private static final int HASH = 2;
  private static final int SEEK = 4;
  private static final int UPGRADE = 8;
  private static final int MANIFEST = 16;
  private static final int MAX_NODES = 128;

  public static HypercoreDataMessage decode(byte[] bytes) {
    CompactReader r = new CompactReader(bytes);
    long flags = r.uint();
    if ((flags & (HASH | SEEK)) != 0) {
      throw new MalformedInputException("hash and seek proofs are not supported");
    }
    if ((flags & ~(long) (BLOCK | UPGRADE | MANIFEST)) != 0) {
      throw new MalformedInputException("unknown data flags " + flags);
    }
    long request = r.uint();
    long fork = r.uint();
    Optional<BlockProof> block = Optional.empty();
    if ((flags & BLOCK) != 0) {
      long index = r.uint();
      byte[] value = r.buffer("block", SignedLog.MAX_BLOCK_SIZE);
      block = Optional.of(new BlockProof(index, value, TreeNodeCodec.read(r, MAX_NODES)));
    }
    Optional<Upgrade> upgrade = Optional.empty();
    if ((flags & UPGRADE) != 0) {
      long start = r.uint();
      long length = r.uint();
      List<TreeNode> nodes = TreeNodeCodec.read(r, MAX_NODES);
      List<TreeNode> additional = TreeNodeCodec.read(r, MAX_NODES);
      byte[] signature = r.buffer("signature", 1024);
      upgrade = Optional.of(new Upgrade(start, length, nodes, additional, signature));
    }
    Optional<Manifest> manifest = Optional.empty();
    if ((flags & MANIFEST) != 0) {
      manifest = Optional.of(Manifest.decode(r.fixed(r.remaining())));
    }
    r.expectEnd("data message");
    return new HypercoreDataMessage(request, fork, block, upgrade, manifest);
  }
}
