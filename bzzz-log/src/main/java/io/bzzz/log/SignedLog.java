package io.bzzz.log;

import io.bzzz.log.sign.KeyMode;
import io.bzzz.log.sign.LogIdentity;
import io.bzzz.log.sign.SignedHead;
import io.bzzz.log.storage.LogFiles;
import io.bzzz.log.storage.StorageException;
import io.bzzz.log.tree.FlatTree;
import io.bzzz.log.tree.Hashes;
import io.bzzz.log.tree.MerkleRoots;
import io.bzzz.log.tree.TreeNode;
import io.bzzz.p2p.crypto.PrivateKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signed append-only log with Hypercore's tree, hashes and signatures, stored in one directory.
 * The author's log holds the signing seed and appends; a replica holds only the public identity and
 * grows by {@link #appendVerified} with heads the author signed. Reads never block appends. The log
 * owns its files and closes them in {@link #close}.
 */
public final class SignedLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SignedLog.class);

  /** Upper bound of one block, so a length field can never make us allocate without limit. */
  public static final int MAX_BLOCK_SIZE = 16 * 1024 * 1024;

  private final LogFiles files;
  private final LogOptions options;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Condition grown = writeLock.newCondition();
  private volatile LogState state;
  private volatile boolean closed;
  private volatile String failure;

  private SignedLog(LogFiles files, LogOptions options, LogState state) {
    this.files = files;
    this.options = options;
    this.state = state;
  }

  /** Creates the author's log in an empty directory. */
  public static SignedLog create(Path dir, KeyMode mode, PrivateKey secret, LogOptions options) {
    LogIdentity identity = LogIdentity.of(mode, secret.publicKey());
    return new SignedLog(
        LogFiles.create(dir, identity, Optional.of(secret)),
        options,
        new LogState(SignedHead.EMPTY, List.of(), new long[16]));
  }

  /** Creates an empty replica of someone else's log. */
  public static SignedLog createReplica(Path dir, LogIdentity identity, LogOptions options) {
    return new SignedLog(
        LogFiles.create(dir, identity, Optional.empty()),
        options,
        new LogState(SignedHead.EMPTY, List.of(), new long[16]));
  }

  /**
   * A node's own log in {@code dir} (an agent's, a monitor's): opened when it exists, else created
   * in manifest mode, signed by {@code secret}.
   */
  public static SignedLog openOrCreate(Path dir, PrivateKey secret) throws IOException {
    if (java.nio.file.Files.exists(dir.resolve(LogFiles.META))) {
      return open(dir, LogOptions.DEFAULT);
    }
    java.nio.file.Files.createDirectories(dir);
    return create(dir, KeyMode.MANIFEST, secret, LogOptions.DEFAULT);
  }

  public static SignedLog open(Path dir) {
    return open(dir, LogOptions.DEFAULT);
  }

  /**
   * Opens a log for appending. Only what can never have been acknowledged is rolled back: bytes of
   * data and tree beyond the newest head (an append interrupted before its head was written).
   * Anything else, a damaged head slot, a truncated file, a head that does not match its blocks,
   * throws {@link DamagedLogException} and changes nothing: continuing from an older head would
   * sign a different block at an index already published (see {@link LogRepair}).
   */
  public static SignedLog open(Path dir, LogOptions options) {
    return open(dir, options, false);
  }

  /**
   * Opens a log for reading; never changes a byte. A torn tail is ignored, damage is refused as by
   * {@link #open(Path, LogOptions)}. Appending to it throws.
   */
  public static SignedLog openReadOnly(Path dir) {
    return open(dir, LogOptions.DEFAULT, true);
  }

  private static SignedLog open(Path dir, LogOptions options, boolean readOnly) {
    LogFiles files = LogFiles.open(dir, readOnly);
    try {
      LogState state = LogLoader.loadChecked(files);
      if (!readOnly) {
        rollBackUnacknowledgedTail(files);
      }
      return new SignedLog(files, options, state);
    } catch (IOException | RuntimeException e) {
      try {
        files.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot open log " + dir, io);
      }
      throw (RuntimeException) e;
    }
  }

  private static void rollBackUnacknowledgedTail(LogFiles files) throws IOException {
    SignedHead head = files.head();
    long dataTail = files.dataSize() - head.byteLength();
    long treeTail = files.treeSize() - LogFiles.treeBytes(head.length());
    if (dataTail > 0 || treeTail > 0) {
      log.atWarn()
          .addKeyValue("dir", files.dir())
          .addKeyValue("length", head.length())
          .addKeyValue("discardedDataBytes", dataTail)
          .addKeyValue("discardedTreeBytes", Math.max(0, treeTail))
          .log("discarding the unacknowledged tail of an interrupted append");
      files.discardTail();
    }
    files.padHead();
  }

  public LogIdentity identity() {
    return files.identity();
  }

  public byte[] key() {
    return files.identity().key();
  }

  public byte[] discoveryKey() {
    return files.identity().discoveryKey();
  }

  public Path dir() {
    return files.dir();
  }

  /** True when this directory holds the signing seed (the author's log). */
  public boolean writable() {
    return files.secret().isPresent();
  }

  public SignedHead head() {
    return state.head();
  }

  public long length() {
    return state.head().length();
  }

  public long byteLength() {
    return state.head().byteLength();
  }

  public List<TreeNode> roots() {
    return state.roots();
  }

  public long append(byte[] block) {
    return append(List.of(block));
  }

  /**
   * Appends blocks with one signature; returns the new length once the batch is durable (per {@link
   * LogOptions}).
   */
  public long append(List<byte[]> blocks) {
    PrivateKey secret =
        files
            .secret()
            .orElseThrow(
                () -> new IllegalStateException("this log is a replica: it cannot append"));
    return write(blocks, Optional.empty(), secret);
  }

  /**
   * Appends blocks received from a peer, committing them only if the resulting tree is the one
   * {@code signed} describes and its signature verifies.
   */
  public long appendVerified(List<byte[]> blocks, SignedHead signed) {
    return write(blocks, Optional.of(signed), null);
  }

  private long write(List<byte[]> blocks, Optional<SignedHead> signed, PrivateKey secret) {
    for (byte[] block : blocks) {
      if (block.length > MAX_BLOCK_SIZE) {
        throw new IllegalArgumentException(
            "block of " + block.length + " bytes exceeds the limit " + MAX_BLOCK_SIZE);
      }
    }
    if (files.readOnly()) {
      throw new IllegalStateException("log " + files.dir() + " was opened read-only");
    }
    writeLock.lock();
    try {
      ensureUsable();
      LogState s = state;
      long length = s.head().length();
      MerkleRoots roots = new MerkleRoots(s.roots());
      List<TreeNode> created = new ArrayList<>(blocks.size() * 2);
      for (int i = 0; i < blocks.size(); i++) {
        roots.append(Hashes.leafNode(length + i, blocks.get(i)), created);
      }
      long newLength = length + blocks.size();
      byte[] treeHash = roots.treeHash();
      SignedHead head;
      if (signed.isPresent()) {
        head = signed.get();
        if (head.length() != newLength
            || head.byteLength() != roots.byteLength()
            || !Arrays.equals(head.treeHash(), treeHash)
            || !identity().verify(treeHash, newLength, head.fork(), head.signature())) {
          throw new VerificationException(
              "blocks " + length + ".." + (newLength - 1) + " do not produce the signed tree");
        }
      } else {
        byte[] sig = identity().sign(secret, treeHash, newLength, 0);
        head = new SignedHead(newLength, roots.byteLength(), 0, treeHash, sig);
      }
      if (blocks.isEmpty()) {
        return length;
      }
      try {
        files.writeBlocks(s.head().byteLength(), blocks);
        files.writeNodes(created);
        if (options.durable()) {
          files.syncDataAndTree();
        }
        files.commit(head);
        if (options.durable()) {
          files.syncHead();
        }
      } catch (IOException e) {
        failure = "an append failed (" + e.getMessage() + "); reopen the log";
        throw new UncheckedIOException("append to " + files.dir() + " failed", e);
      }
      long[] ends = s.ends();
      if (newLength > ends.length) {
        ends = Arrays.copyOf(ends, (int) Math.max(newLength, ends.length * 2L));
      }
      long offset = s.head().byteLength();
      for (int i = 0; i < blocks.size(); i++) {
        offset += blocks.get(i).length;
        ends[(int) (length + i)] = offset;
      }
      state = new LogState(head, roots.roots(), ends);
      grown.signalAll();
      return newLength;
    } finally {
      writeLock.unlock();
    }
  }

  public byte[] get(long index) {
    ensureOpen();
    LogState s = state;
    checkIndex(index, s);
    long start = s.start(index);
    try {
      return files.readBlock(start, (int) (s.ends()[(int) index] - start));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read block " + index, e);
    }
  }

  /** Blocks {@code [from, to)}. */
  public List<byte[]> range(long from, long to) {
    LogState s = state;
    if (from < 0 || to > s.head().length() || from > to) {
      throw new IndexOutOfBoundsException(
          "range " + from + ".." + to + " outside 0.." + s.head().length());
    }
    List<byte[]> out = new ArrayList<>((int) (to - from));
    for (long i = from; i < to; i++) {
      out.add(get(i));
    }
    return out;
  }

  /** The last {@code count} blocks (fewer if the log is shorter). */
  public List<byte[]> tail(int count) {
    long length = length();
    return range(Math.max(0, length - count), length);
  }

  /** A reader that returns blocks from {@code from} on and then waits for new appends. */
  public LogFollower follow(long from) {
    return new LogFollower(this, from);
  }

  /** Waits until the log holds more than {@code length} blocks; false on timeout. */
  public boolean awaitLongerThan(long length, Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    writeLock.lock();
    try {
      while (state.head().length() <= length) {
        ensureOpen();
        if (nanos <= 0) {
          return false;
        }
        nanos = grown.awaitNanos(nanos);
      }
      return true;
    } finally {
      writeLock.unlock();
    }
  }

  /** The stored node if it is complete at the current length. */
  public Optional<TreeNode> node(long index) {
    ensureOpen();
    if (!FlatTree.isComplete(index, length())) {
      return Optional.empty();
    }
    try {
      return files.readNode(index);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tree node " + index, e);
    }
  }

  /** Roots of the tree at an earlier (or the current) length. */
  public List<TreeNode> rootsAt(long length) {
    if (length > length()) {
      throw new IndexOutOfBoundsException("length " + length + " > " + length());
    }
    List<TreeNode> roots = new ArrayList<>();
    for (long index : FlatTree.fullRoots(length)) {
      roots.add(node(index).orElseThrow(() -> new StorageException("node " + index + " missing")));
    }
    return roots;
  }

  private static void checkIndex(long index, LogState s) {
    if (index < 0 || index >= s.head().length()) {
      throw new IndexOutOfBoundsException(
          "block " + index + " outside 0.." + (s.head().length() - 1));
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new LogClosedException("log " + files.dir() + " is closed");
    }
  }

  private void ensureUsable() {
    ensureOpen();
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      grown.signalAll();
      files.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing log " + files.dir(), e);
    } finally {
      writeLock.unlock();
    }
  }

  /** For {@link LogFollower}: waits at most {@code timeout} for block {@code index} to exist. */
  boolean awaitBlock(long index, long timeout, TimeUnit unit) throws InterruptedException {
    return awaitLongerThan(index, Duration.ofNanos(unit.toNanos(timeout)));
  }
}
