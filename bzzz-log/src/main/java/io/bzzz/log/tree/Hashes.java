package io.bzzz.log.tree;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Hypercore's hashes: BLAKE2b-256 (digest length 32, not truncated BLAKE2b-512) with a one-byte
 * type prefix and little-endian sizes.
 */
public final class Hashes {
  private static final byte LEAF = 0;
  private static final byte PARENT = 1;
  private static final byte ROOT = 2;
  private static final byte[] HYPERCORE = "hypercore".getBytes(StandardCharsets.US_ASCII);

  private Hashes() {}

  public static byte[] blake2b(byte[]... parts) {
    Blake2bDigest digest = new Blake2bDigest(256);
    for (byte[] part : parts) {
      digest.update(part, 0, part.length);
    }
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  /** {@code BLAKE2b-256(0x00 || u64le(len) || data)}. */
  public static byte[] leaf(byte[] data, int offset, int length) {
    Blake2bDigest digest = new Blake2bDigest(256);
    digest.update(LEAF);
    updateU64(digest, length);
    digest.update(data, offset, length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  public static TreeNode leafNode(long block, byte[] data) {
    return new TreeNode(2 * block, data.length, leaf(data, 0, data.length));
  }

  /** {@code BLAKE2b-256(0x01 || u64le(a.size + b.size) || left.hash || right.hash)}. */
  public static TreeNode parent(TreeNode a, TreeNode b) {
    boolean aFirst = a.index() < b.index();
    TreeNode left = aFirst ? a : b;
    TreeNode right = aFirst ? b : a;
    if (FlatTree.parent(left.index()) != FlatTree.parent(right.index())
        || left.index() == right.index()) {
      throw new IllegalArgumentException(
          "nodes " + a.index() + " and " + b.index() + " are not siblings");
    }
    Blake2bDigest digest = new Blake2bDigest(256);
    digest.update(PARENT);
    long size = left.size() + right.size();
    updateU64(digest, size);
    digest.update(left.hashRef(), 0, 32);
    digest.update(right.hashRef(), 0, 32);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return new TreeNode(FlatTree.parent(left.index()), size, out);
  }

  /** {@code BLAKE2b-256(0x02 || for each root: hash || u64le(index) || u64le(size))}. */
  public static byte[] tree(List<TreeNode> roots) {
    Blake2bDigest digest = new Blake2bDigest(256);
    digest.update(ROOT);
    for (TreeNode root : roots) {
      digest.update(root.hashRef(), 0, 32);
      updateU64(digest, root.index());
      updateU64(digest, root.size());
    }
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  /** {@code BLAKE2b-256(message = "hypercore", key = coreKey)}: announced instead of the key. */
  public static byte[] discoveryKey(byte[] coreKey) {
    Blake2bDigest digest = new Blake2bDigest(coreKey, 32, null, null);
    digest.update(HYPERCORE, 0, HYPERCORE.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  /** Hypercore-crypto's namespace: {@code BLAKE2b(BLAKE2b(name) || byte(i))}. */
  public static byte[] namespace(String name, int i) {
    byte[] base = blake2b(name.getBytes(StandardCharsets.UTF_8));
    return blake2b(base, new byte[] {(byte) i});
  }

  private static void updateU64(Blake2bDigest digest, long value) {
    for (int i = 0; i < 8; i++) {
      digest.update((byte) (value >>> (8 * i)));
    }
  }
}
