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

/**
 * Opens the state of a log directory: the newest head, its roots, and the block index. Refuses a
 * head that does not match the stored tree, and any sign that an acknowledged head was lost.
 */
final class LogLoader {
  private LogLoader() {}

  /**
   * Loads the newest head, or throws {@link DamagedLogException} when the directory does not hold
   * what that head (or a head the directory may have lost) acknowledged. Bytes beyond the head are
   * not damage: a durable append forces data and tree before it writes the head, so they are the
   * tail of an append that was never acknowledged. Reads only.
   */
  static LogState loadChecked(LogFiles files) throws IOException {
    List<String> problems = structuralProblems(files);
    if (problems.isEmpty()) {
      try {
        return load(files);
      } catch (StorageException e) {
        problems.add(
            "the head (length "
                + files.head().length()
                + ") does not match data and tree: "
                + e.getMessage());
      }
    }
    throw new DamagedLogException(files.dir(), problems);
  }

  /** Damage visible from file sizes and head slots alone, each naming its file. */
  static List<String> structuralProblems(LogFiles files) throws IOException {
    List<String> problems = new ArrayList<>();
    for (String slot : files.slotProblems()) {
      problems.add("head: " + slot);
    }
    SignedHead head = files.head();
    long dataSize = files.dataSize();
    long treeSize = files.treeSize();
    long headSize = files.headFileSize();
    boolean beyondHead =
        dataSize > head.byteLength() || treeSize > LogFiles.treeBytes(head.length());
    // Logs written before the head file was preallocated grow it slot by slot; a short file is
    // only harmless when nothing lies beyond the head it still holds.
    if (headSize < LogFiles.headFileBytes() && beyondHead) {
      problems.add(
          "head: file has "
              + headSize
              + " bytes (expected "
              + LogFiles.headFileBytes()
              + ") and data/tree hold bytes beyond its length "
              + head.length()
              + " that a lost head may have covered");
    }
    if (dataSize < head.byteLength()) {
      problems.add(
          "data: has "
              + dataSize
              + " bytes, the signed head (length "
              + head.length()
              + ") covers "
              + head.byteLength());
    }
    if (treeSize < LogFiles.treeBytes(head.length())) {
      problems.add(
          "tree: has "
              + treeSize
              + " bytes, the signed head (length "
              + head.length()
              + ") needs "
              + LogFiles.treeBytes(head.length()));
    }
    return problems;
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
   * Recomputes every node the last append created from its blocks, so damage to the newest blocks
   * is found on open instead of being signed over by the next append.
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
