package io.bzzz.log.storage;

import io.bzzz.log.sign.LogIdentity;
import io.bzzz.log.sign.SignedHead;
import io.bzzz.log.tree.FlatTree;
import io.bzzz.log.tree.TreeNode;
import io.bzzz.p2p.crypto.PrivateKey;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The files of one log directory, opened and closed together:
 *
 * <ul>
 *   <li>{@code meta}: key mode and signer (written once);
 *   <li>{@code secret.key}: the 32-byte signing seed, only in the writer's directory (mode 0600);
 *   <li>{@code data}: the blocks, concatenated;
 *   <li>{@code tree}: node {@code i} at offset {@code 40 i}: u64le size, hash[32]; zeros = absent;
 *   <li>{@code head}: two {@link HeadSlot}s; the valid one with the higher seq is the signed head.
 * </ul>
 *
 * A durable append writes blocks and nodes, forces both ({@link #syncDataAndTree}), and only then
 * writes and forces the new head ({@link #syncHead}). So a valid head always names bytes that were
 * on disk before it, and anything in data/tree beyond the head is an unacknowledged (torn) tail.
 */
public final class LogFiles implements Closeable {
  public static final String META = "meta";
  public static final String SECRET = "secret.key";
  public static final String DATA = "data";
  public static final String TREE = "tree";
  public static final String HEAD = "head";
  public static final int NODE_SIZE = 40;

  private final Path dir;
  private final LogIdentity identity;
  private final Optional<PrivateKey> secret;
  private final FileChannel data;
  private final FileChannel tree;
  private final HeadFile head;
  private final boolean readOnly;

  private LogFiles(
      Path dir,
      LogIdentity identity,
      Optional<PrivateKey> secret,
      FileChannel data,
      FileChannel tree,
      FileChannel head,
      boolean readOnly)
      throws IOException {
    this.dir = dir;
    this.identity = identity;
    this.secret = secret;
    this.data = data;
    this.tree = tree;
    this.head = new HeadFile(head);
    this.readOnly = readOnly;
  }

  /** Creates a new log directory; fails if {@code dir} already holds a log. */
  public static LogFiles create(Path dir, LogIdentity identity, Optional<PrivateKey> secret) {
    try {
      Files.createDirectories(dir);
      if (Files.exists(dir.resolve(META))) {
        throw new StorageException(dir + " already holds a log");
      }
      if (secret.isPresent()) {
        Path path = dir.resolve(SECRET);
        Files.deleteIfExists(path);
        Files.createFile(
            path,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        writeDurably(path, secret.get().seed());
      }
      for (String name : List.of(DATA, TREE)) {
        Path path = dir.resolve(name);
        Files.deleteIfExists(path);
        Files.createFile(path);
      }
      // Both slots exist from the start: a head file shorter than this is damage, not a crash.
      writeDurably(dir.resolve(HEAD), new byte[HeadFile.FILE_SIZE]);
      writeDurably(dir.resolve(META), MetaFile.encode(identity));
      forceDirectory(dir);
      return open(dir, false);
    } catch (FileAlreadyExistsException e) {
      throw new StorageException(dir + " already holds a log", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create log in " + dir, e);
    }
  }

  /** Opens an existing log; read-only opens never change a byte (used by verify). */
  public static LogFiles open(Path dir, boolean readOnly) {
    try {
      LogIdentity identity = MetaFile.decode(Files.readAllBytes(dir.resolve(META)));
      Optional<PrivateKey> secret = Optional.empty();
      Path secretPath = dir.resolve(SECRET);
      if (Files.exists(secretPath)) {
        byte[] seed = Files.readAllBytes(secretPath);
        if (seed.length != PrivateKey.SEED_SIZE) {
          throw new StorageException(SECRET + " must hold 32 bytes, has " + seed.length);
        }
        PrivateKey key = PrivateKey.fromSeed(seed);
        if (!key.publicKey().equals(identity.signer())) {
          throw new StorageException(SECRET + " does not match the log's public key");
        }
        secret = Optional.of(key);
      }
      var mode =
          readOnly
              ? new StandardOpenOption[] {StandardOpenOption.READ}
              : new StandardOpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE};
      FileChannel data = FileChannel.open(dir.resolve(DATA), mode);
      FileChannel tree = null;
      FileChannel head = null;
      try {
        tree = FileChannel.open(dir.resolve(TREE), mode);
        head = FileChannel.open(dir.resolve(HEAD), mode);
        return new LogFiles(dir, identity, secret, data, tree, head, readOnly);
      } catch (IOException | RuntimeException e) {
        data.close();
        if (tree != null) {
          tree.close();
        }
        if (head != null) {
          head.close();
        }
        throw e;
      }
    } catch (NoSuchFileException e) {
      throw new StorageException("not a log directory: " + dir + " (missing " + e.getFile() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open log in " + dir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  public LogIdentity identity() {
    return identity;
  }

  public Optional<PrivateKey> secret() {
    return secret;
  }

  /** The signed head on disk; {@link SignedHead#EMPTY} when nothing was committed. */
  public SignedHead head() {
    return head.head();
  }

  /** The length before the append that produced the current head. */
  public long previousLength() {
    return head.previousLength();
  }

  /** Every head a valid slot holds, newest first (at most two). */
  public List<SignedHead> validHeads() {
    return head.validHeads();
  }

  public long headFileSize() throws IOException {
    return head.fileSize();
  }

  /** The size of a current head file: two slots. */
  public static long headFileBytes() {
    return HeadFile.FILE_SIZE;
  }

  public boolean readOnly() {
    return readOnly;
  }

  /** Slots that hold bytes but no valid head (torn by a crash, or damaged). */
  public List<String> slotProblems() {
    return head.problems();
  }

  public long dataSize() throws IOException {
    return data.size();
  }

  public long treeSize() throws IOException {
    return tree.size();
  }

  /** Bytes of {@code tree} that a log of {@code length} blocks uses. */
  public static long treeBytes(long length) {
    return length == 0 ? 0 : (2 * length - 1) * NODE_SIZE;
  }

  /**
   * Discards the unacknowledged tail beyond the head and makes both head slots hold the head, so
   * the directory is exactly the signed state again. Callers decide first that nothing acknowledged
   * is lost (see {@code SignedLog.open} and {@code LogRepair}).
   */
  public void discardTail() throws IOException {
    requireWritable();
    SignedHead h = head();
    if (data.size() > h.byteLength()) {
      data.truncate(h.byteLength());
      data.force(true);
    }
    if (tree.size() > treeBytes(h.length())) {
      tree.truncate(treeBytes(h.length()));
      tree.force(true);
    }
    blankIncompleteNodes(h.length());
    head.rewriteOtherSlot();
  }

  /** Extends a head file written by an older version to both slots; changes nothing else. */
  public void padHead() throws IOException {
    requireWritable();
    head.pad();
  }

  /**
   * An interrupted append may have written parents that are complete only at the lost length; they
   * sit above the signed roots, inside the tree file, and must read as absent again.
   */
  private void blankIncompleteNodes(long length) throws IOException {
    long limit = 2 * length - 1;
    boolean changed = false;
    for (long root : FlatTree.fullRoots(length)) {
      for (long p = FlatTree.parent(root); p < limit; p = FlatTree.parent(p)) {
        if (!FlatTree.isComplete(p, length) && readNode(p).isPresent()) {
          ByteBuffer zeros = ByteBuffer.allocate(NODE_SIZE);
          long pos = p * NODE_SIZE;
          while (zeros.hasRemaining()) {
            pos += tree.write(zeros, pos);
          }
          changed = true;
        }
      }
    }
    if (changed) {
      tree.force(false);
    }
  }

  public void writeBlocks(long offset, List<byte[]> blocks) throws IOException {
    requireWritable();
    ByteBuffer[] buffers = new ByteBuffer[blocks.size()];
    for (int i = 0; i < buffers.length; i++) {
      buffers[i] = ByteBuffer.wrap(blocks.get(i));
    }
    data.position(offset);
    long total = 0;
    for (ByteBuffer b : buffers) {
      total += b.remaining();
    }
    while (total > 0) {
      total -= data.write(buffers);
    }
  }

  public byte[] readBlock(long offset, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    readFully(data, b, offset, DATA);
    return b.array();
  }

  /** Writes nodes, coalescing runs of consecutive indices into one write each. */
  public void writeNodes(List<TreeNode> nodes) throws IOException {
    requireWritable();
    List<TreeNode> sorted = new ArrayList<>(nodes);
    sorted.sort((a, b) -> Long.compare(a.index(), b.index()));
    int i = 0;
    while (i < sorted.size()) {
      int j = i + 1;
      while (j < sorted.size() && sorted.get(j).index() == sorted.get(j - 1).index() + 1) {
        j++;
      }
      ByteBuffer b = ByteBuffer.allocate((j - i) * NODE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
      for (int k = i; k < j; k++) {
        b.putLong(sorted.get(k).size()).put(sorted.get(k).hash());
      }
      b.flip();
      long pos = sorted.get(i).index() * NODE_SIZE;
      while (b.hasRemaining()) {
        pos += tree.write(b, pos);
      }
      i = j;
    }
  }

  /** The stored node, or empty when its slot is absent (zeros or beyond the file). */
  public Optional<TreeNode> readNode(long index) throws IOException {
    long pos = index * NODE_SIZE;
    if (pos + NODE_SIZE > tree.size()) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.allocate(NODE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    readFully(tree, b, pos, TREE);
    return decodeNode(index, b.array(), 0);
  }

  /** Raw 40-byte slots {@code [from, from + count)}, for sequential scans. */
  public byte[] readNodeSlots(long from, int count) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(count * NODE_SIZE);
    readFully(tree, b, from * NODE_SIZE, TREE);
    return b.array();
  }

  public static Optional<TreeNode> decodeNode(long index, byte[] slots, int offset) {
    ByteBuffer b = ByteBuffer.wrap(slots, offset, NODE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    long size = b.getLong();
    byte[] hash = new byte[32];
    b.get(hash);
    if (size == 0 && HeadSlot.isBlank(hash)) {
      return Optional.empty();
    }
    if (size < 0) {
      return Optional.empty();
    }
    return Optional.of(new TreeNode(index, size, hash));
  }

  /**
   * Forces data and tree to disk, both at once, before the head that names them is written: a valid
   * head on disk then always describes bytes that are on disk, and a crash before the head leaves
   * only an unacknowledged tail.
   */
  public void syncDataAndTree() throws IOException {
    IOException[] failures = new IOException[1];
    Thread treeSync = Thread.ofVirtual().start(() -> force(tree, failures, 0));
    IOException dataFailure = null;
    try {
      data.force(false);
    } catch (IOException e) {
      dataFailure = e;
    }
    try {
      treeSync.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while forcing the log to disk");
    }
    for (IOException e : new IOException[] {dataFailure, failures[0]}) {
      if (e != null) {
        throw e;
      }
    }
  }

  /** Forces the head written by {@link #commit}; the append is acknowledged after this. */
  public void syncHead() throws IOException {
    head.force();
  }

  private static void force(FileChannel channel, IOException[] failures, int i) {
    try {
      channel.force(false);
    } catch (IOException e) {
      failures[i] = e;
    }
  }

  /** Writes {@code newHead} to the slot not holding the current head (not forced: see syncHead). */
  public void commit(SignedHead newHead) throws IOException {
    requireWritable();
    head.commit(newHead);
  }

  private void requireWritable() {
    if (readOnly) {
      throw new IllegalStateException("log files opened read-only");
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long pos, String file)
      throws IOException {
    while (b.hasRemaining()) {
      int n = ch.read(b, pos);
      if (n < 0) {
        throw new StorageException(file + " ends before offset " + (pos + b.remaining()));
      }
      pos += n;
    }
  }

  private static void writeDurably(Path path, byte[] bytes) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems cannot fsync a directory; the files themselves were forced.
    }
  }

  @Override
  public void close() throws IOException {
    try (data;
        tree;
        head) {
      // closed in reverse order by try-with-resources
    }
  }
}
