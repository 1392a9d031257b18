package io.bzzz.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret kept in a file that may be rotated under the running agent (a Kubernetes secret, a file
 * a Vault agent renders). Each use compares the file's modification time, size and identity with
 * the last read, one {@code stat}, and reads it again when they differ; a 401 forces a read. A file
 * that cannot be read for a moment (half written, being replaced) keeps the last value in use.
 */
public final class FileCredential implements Credential {
  private static final Logger log = LoggerFactory.getLogger(FileCredential.class);

  private final Path path;
  private final String option;
  private final ReentrantLock lock = new ReentrantLock();
  private Secret value;
  private Stamp stamp;
  private boolean staleWarned;

  /** What a {@code stat} says; a change means the file was rewritten or replaced. */
  private record Stamp(FileTime modified, long size, Object identity) {
    static final Stamp UNREADABLE = new Stamp(FileTime.fromMillis(0), -1, null);
  }

  /**
   * Reads the file now: one that is missing or empty at start is a configuration error.
   *
   * @param option the option that named it ({@code --token-file}), for messages
   */
  public FileCredential(Path path, String option) {
    this.path = path;
    this.option = option;
    this.stamp = stamp();
    this.value = SecretSource.readFile(path, option);
  }

  @Override
  public Secret current() {
    lock.lock();
    try {
      Stamp now = stamp();
      if (!now.equals(stamp)) {
        reread(now);
      }
      return value;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Secret> renewAfterRejection(Secret rejected) {
    lock.lock();
    try {
      reread(stamp());
      return value.equals(rejected) ? Optional.empty() : Optional.of(value);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String origin() {
    return path.toString();
  }

  @Override
  public String toString() {
    return "FileCredential[" + path + ", redacted]";
  }

  private void reread(Stamp now) {
    stamp = now; // an unreadable state is not retried on every call, only when it changes again
    try {
      Secret read = SecretSource.readFile(path, option);
      staleWarned = false;
      if (!read.equals(value)) {
        value = read;
        log.atInfo()
            .addKeyValue("file", path)
            .addKeyValue("option", option)
            .log("secret file changed; using the new value");
      }
    } catch (ConfigException e) {
      if (!staleWarned) {
        staleWarned = true;
        log.atWarn()
            .addKeyValue("file", path)
            .addKeyValue("reason", e.getMessage())
            .log("cannot read the secret file again; still using the value read before");
      }
    }
  }

  private Stamp stamp() {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
    } catch (IOException e) {
      return Stamp.UNREADABLE;
    }
  }
}
