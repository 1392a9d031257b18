package io.bzzz.tracker.local;

import io.bzzz.tracker.local.files.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive lock on a data directory, {@code D/tracker.lock}, held for the life of a tracker:
 * two trackers on one directory would each think they own the database and the repositories. The
 * operating system drops the lock when the process dies, so a killed tracker never leaves a stale
 * one. The file holds the holder's pid, for the error message of the next one; it is never deleted
 * (deleting a lock file lets two processes lock two different files).
 *
 * <p>POSIX locks belong to the process, and closing any descriptor of the file drops them all, so a
 * second tracker in the same JVM must not even open the file: directories locked by this process
 * are kept in {@link #HELD} and checked first.
 */
final class DataDirLock implements AutoCloseable {
  static final String FILE = "tracker.lock";

  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path dir;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(Path dir, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.channel = channel;
    this.lock = lock;
  }

  /** Locks {@code dataDir}, or says which process holds it. */
  static DataDirLock acquire(Path dataDir) throws IOException {
    Path dir = dataDir.toRealPath();
    if (!HELD.add(dir)) {
      throw inUse(dataDir, ProcessHandle.current().pid() + "");
    }
    try {
      return lock(dataDir, dir);
    } catch (IOException | RuntimeException e) {
      HELD.remove(dir);
      throw e;
    }
  }

  private static DataDirLock lock(Path dataDir, Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      PrivateFiles.restrict(file);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw inUse(dataDir, holder(file));
      }
      byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(pid), 0);
      channel.force(true);
      return new DataDirLock(dir, channel, lock);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static IOException inUse(Path dataDir, String pid) {
    return new IOException(
        "data directory "
            + dataDir
            + " is in use by another tracker"
            + (pid.isEmpty() ? "" : " (pid " + pid + ")"));
  }

  /** The pid the holder wrote, or "" when unreadable. */
  private static String holder(Path file) {
    try {
      String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return pid.matches("\\d{1,10}") ? pid : "";
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      try {
        channel.close();
      } finally {
        HELD.remove(dir);
      }
    }
  }
}
