package io.bzzz.log;

import io.bzzz.log.sign.SignedHead;
import io.bzzz.log.storage.LogFiles;
import io.bzzz.log.tree.FlatTree;
import io.bzzz.log.tree.Hashes;
import io.bzzz.log.tree.TreeNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Checks a log directory without changing it: every block against its leaf, every parent against
 * its children, the roots against the signed tree hash, the signature, and that no byte lies
 * outside the signed state. Problems name the blocks under the failing node.
 */
public final class LogVerifier {
  public static final int MAX_PROBLEMS = 20;
  private static final int CHUNK_LEAVES = 4096;

  private final List<String> problems = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private long problemCount;

  private LogVerifier() {}

  public static VerifyReport verify(Path dir) {
    LogVerifier v = new LogVerifier();
    long length = 0;
    try (LogFiles files = LogFiles.open(dir, true)) {
      length = files.head().length();
      v.check(files);
    } catch (IOException | RuntimeException e) {
      v.problem("cannot read the log: " + e.getMessage());
    }
    return new VerifyReport(length, v.problems, v.problemCount, v.notes);
  }

  /**
   * Problems of the newest head's signed state only (signature, every block and node it covers),
   * leaving out damaged slots and bytes beyond it; for {@link LogRepair}.
   */
  static List<String> signedStateProblems(LogFiles files) throws IOException {
    LogVerifier v = new LogVerifier();
    v.checkSignedState(files, files.dataSize());
    return v.problems;
  }

  private void problem(String message) {
    problemCount++;
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(message);
    }
  }

  private void check(LogFiles files) throws IOException {
    List<String> slotProblems = files.slotProblems();
    slotProblems.forEach(this::problem);
    SignedHead head = files.head();
    long length = head.length();
    long dataSize = files.dataSize();
    long headSize = files.headFileSize();
    if (headSize < LogFiles.headFileBytes()
        && (dataSize > head.byteLength() || files.treeSize() > LogFiles.treeBytes(length))) {
      problem(
          "head file has "
              + headSize
              + " bytes, expected "
              + LogFiles.headFileBytes()
              + " (truncated; a head covering the data beyond length "
              + length
              + " may be lost)");
    }
    // Heads are written only after data and tree are durable: with both head slots intact, bytes
    // beyond the newest head were never covered by a head, so no append acknowledged them. With a
    // damaged slot or a short head file they may be acknowledged blocks whose head was lost.
    boolean headsIntact = slotProblems.isEmpty() && headSize >= LogFiles.headFileBytes();
    Consumer<String> tail = headsIntact ? notes::add : this::problem;
    if (dataSize > head.byteLength()) {
      tail.accept(
          (dataSize - head.byteLength())
              + " bytes of data beyond the signed length "
              + length
              + " (an interrupted append; opening the log for writing discards them)");
    }
    long treeSize = files.treeSize();
    if (treeSize > LogFiles.treeBytes(length)) {
      tail.accept(
          "tree file has "
              + treeSize
              + " bytes, the signed length needs "
              + LogFiles.treeBytes(length));
    }
    checkSignedState(files, dataSize);
  }

  private void checkSignedState(LogFiles files, long dataSize) throws IOException {
    SignedHead head = files.head();
    long length = head.length();
    if (length > 0
        && !files.identity().verify(head.treeHash(), length, head.fork(), head.signature())) {
      problem("the signature of the head (length " + length + ") does not verify");
    }
    long treeSize = files.treeSize();
    if (treeSize < LogFiles.treeBytes(length)) {
      problem(
          "tree file is truncated: blocks from "
              + (treeSize / LogFiles.NODE_SIZE / 2)
              + " on have no nodes");
      return;
    }
    scan(files, head, dataSize);
  }

  /** Walks the blocks in order, rebuilding the roots from stored nodes and checking each one. */
  private void scan(LogFiles files, SignedHead head, long dataSize) throws IOException {
    long length = head.length();
    Deque<TreeNode> stack = new ArrayDeque<>();
    long offset = 0;
    boolean offsetsTrusted = true;
    for (long first = 0; first < length; first += CHUNK_LEAVES) {
      int leaves = (int) Math.min(CHUNK_LEAVES, length - first);
      long firstSlot = 2 * first;
      int slotCount = (int) Math.min(2L * leaves, 2 * length - 1 - firstSlot);
      byte[] slots = files.readNodeSlots(firstSlot, slotCount);
      for (int s = 0; s < slotCount; s++) {
        long index = firstSlot + s;
        if ((index & 1) == 1 && !FlatTree.isComplete(index, length)) {
          if (LogFiles.decodeNode(index, slots, s * LogFiles.NODE_SIZE).isPresent()
              || !allZero(slots, s * LogFiles.NODE_SIZE)) {
            problem("tree node " + index + " should be empty (" + blocks(index) + ")");
          }
        }
      }
      for (int i = 0; i < leaves; i++) {
        long block = first + i;
        Optional<TreeNode> leaf = LogFiles.decodeNode(2 * block, slots, 2 * i * LogFiles.NODE_SIZE);
        if (leaf.isEmpty()) {
          problem("block " + block + ": its tree node is missing");
          return;
        }
        long size = leaf.get().size();
        if (offsetsTrusted) {
          if (size > SignedLog.MAX_BLOCK_SIZE || offset + size > dataSize) {
            problem("block " + block + ": its size " + size + " runs past the end of the data");
            offsetsTrusted = false;
          } else {
            byte[] value = files.readBlock(offset, (int) size);
            if (!Arrays.equals(Hashes.leaf(value, 0, value.length), leaf.get().hash())) {
              problem("block " + block + ": data does not match its hash");
            }
          }
        }
        offset += size;
        push(files, stack, leaf.get(), firstSlot, slots);
      }
    }
    if (offsetsTrusted && offset != head.byteLength()) {
      problem(
          "block sizes add up to " + offset + " bytes, the signed head says " + head.byteLength());
    }
    List<TreeNode> roots = new ArrayList<>(stack);
    roots.sort((a, b) -> Long.compare(a.index(), b.index()));
    if (!Arrays.equals(Hashes.tree(roots), head.treeHash())) {
      problem("the stored roots do not hash to the signed tree hash");
    }
  }

  /** Pushes a stored node and checks every parent it completes against its stored children. */
  private void push(
      LogFiles files, Deque<TreeNode> stack, TreeNode node, long firstSlot, byte[] slots)
      throws IOException {
    TreeNode current = node;
    while (!stack.isEmpty() && FlatTree.sibling(stack.peekLast().index()) == current.index()) {
      TreeNode left = stack.pollLast();
      long parentIndex = FlatTree.parent(current.index());
      TreeNode expected = Hashes.parent(left, current);
      Optional<TreeNode> stored =
          parentIndex >= firstSlot && parentIndex - firstSlot < slots.length / LogFiles.NODE_SIZE
              ? LogFiles.decodeNode(
                  parentIndex, slots, (int) (parentIndex - firstSlot) * LogFiles.NODE_SIZE)
              : files.readNode(parentIndex);
      if (stored.isEmpty()) {
        problem("tree node " + parentIndex + " is missing (" + blocks(parentIndex) + ")");
        current = expected;
      } else {
        if (!stored.get().equals(expected)) {
          problem(
              "tree node "
                  + parentIndex
                  + " does not match its children ("
                  + blocks(parentIndex)
                  + ")");
        }
        current = stored.get();
      }
    }
    stack.addLast(current);
  }

  private static String blocks(long index) {
    long first = FlatTree.firstBlock(index);
    long count = FlatTree.blockCount(index);
    return count == 1 ? "block " + first : "blocks " + first + ".." + (first + count - 1);
  }

  private static boolean allZero(byte[] b, int offset) {
    for (int i = offset; i < offset + LogFiles.NODE_SIZE; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
