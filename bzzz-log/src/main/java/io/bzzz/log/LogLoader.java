package io.bzzz.log;

import io.bzzz.log.sign.LogIdentity;
import io.bzzz.log.sign.SignedHead;
import io.bzzz.log.storage.LogFiles;
import io.bzzz.log.storage.StorageException;
import io.bzzz.log.tree.FlatTree;
import io.bzzz.log.tree.Hashes;
import io.bzzz.log.tree.MerkleRoots;
import io.bzzz.log.tree.TreeNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the state of a log directory: the newest head whose append fully reached the disk, its
 * roots, and the block index. Refuses a head that does not match the stored tree.
 */
final class LogLoader {
  private static final Logger log = LoggerFactory.getLogger(LogLoader.class);

  private LogLoader() {}

  /** Loads the newest head whose append fully landed, falling back to the older slot once. */
  static LogState loadWithFallback(LogFiles files) throws IOException {
    try {
      return load(files);
    } catch (StorageException e) {
      SignedHead abandoned = files.head();
      if (!files.fallBack()) {
        throw e;
      }
      log.atWarn()
          .addKeyValue("dir", files.dir())
          .addKeyValue("length", abandoned.length())
          .addKeyValue("reason", e.getMessage())
          .log("the last append did not fully reach the disk; using the previous head");
      return load(files);
    }
  }

  private static LogState load(LogFiles files) throws IOException {
    SignedHead head = files.head();
    long length = head.length();
    if (length > Integer.MAX_VALUE - 16) {
      throw new StorageException("log too long for this implementation: " + length);
    }
    List<TreeNode> roots = new ArrayList<>();
    for (long index : FlatTree.fullRoots(length)) {
      roots.add(
          files
              .readNode(index)
              .orElseThrow(() -> new StorageException("root node " + index + " is missing")));
    }
    LogIdentity id = files.identity();
    if (!Arrays.equals(Hashes.tree(roots), head.treeHash())
        || (length > 0 && !id.verify(head.treeHash(), length, head.fork(), head.signature()))) {
      throw new StorageException(
          "the stored tree does not match the signed head; run 'bzzz log verify' to find the"
              + " damaged block");
    }
    long[] ends = new long[(int) Math.max(16, length + length / 2)];
    long offset = 0;
    final int chunk = 8192;
    for (long first = 0; first < length; first += chunk / 2) {
      int leaves = (int) Math.min(chunk / 2, length - first);
      byte[] slots = files.readNodeSlots(2 * first, 2 * leaves - 1);
      for (int i = 0; i < leaves; i++) {
        long block = first + i;
        TreeNode leaf =
            LogFiles.decodeNode(2 * block, slots, 2 * i * LogFiles.NODE_SIZE)
                .orElseThrow(() -> new StorageException("leaf of block " + block + " is missing"));
        offset += leaf.size();
        ends[(int) block] = offset;
      }
    }
    if (offset != head.byteLength()) {
      throw new StorageException(
          "block sizes add up to " + offset + " bytes, the signed head says " + head.byteLength());
    }
    LogState state = new LogState(head, List.copyOf(roots), ends);
    checkLastAppend(files, state, files.previousLength());
    return state;
  }

  /**
   * Recomputes every node the last append created from its blocks: fsyncs of data, tree and head
   * run concurrently, so after a crash the newest head may name bytes that never landed.
   */
  private static void checkLastAppend(LogFiles files, LogState state, long previousLength)
      throws IOException {
    List<TreeNode> before = new ArrayList<>();
    for (long index : FlatTree.fullRoots(previousLength)) {
      before.add(
          files
              .readNode(index)
              .orElseThrow(() -> new StorageException("root node " + index + " is missing")));
    }
    MerkleRoots roots = new MerkleRoots(before);
    List<TreeNode> created = new ArrayList<>();
    for (long block = previousLength; block < state.head().length(); block++) {
      long start = state.start(block);
      int size = (int) (state.ends()[(int) block] - start);
      roots.append(Hashes.leafNode(block, files.readBlock(start, size)), created);
    }
    for (TreeNode node : created) {
      if (!files.readNode(node.index()).map(node::equals).orElse(false)) {
        throw new StorageException(
            "blocks "
                + previousLength
                + ".."
                + (state.head().length() - 1)
                + " do not match their tree nodes");
      }
    }
    if (!Arrays.equals(roots.treeHash(), state.head().treeHash())) {
      throw new StorageException("the last append's tree does not match the signed head");
    }
  }
}
