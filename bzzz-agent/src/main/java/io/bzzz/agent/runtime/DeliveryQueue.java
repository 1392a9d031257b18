package io.bzzz.agent.runtime;

import io.bzzz.p2p.files.IoReason;
import io.bzzz.p2p.files.OwnerOnly;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deliveries not yet finished, one small file each in {@code <data-dir>/deliveries} (0700), so that
 * a result survives a tracker outage and a restart, SIGKILL included. A file is written whole or
 * not at all: a temporary file (0600) is written and flushed to disk, renamed over the old one, and
 * the directory is flushed, so the rename itself survives a power cut. A file that cannot be read
 * back is reported by name and moved to {@code deliveries/damaged}; it never stops the agent.
 */
final class DeliveryQueue {
  private static final Logger log = LoggerFactory.getLogger(DeliveryQueue.class);
  private static final String SUFFIX = ".json";
  private static final String TEMP_PREFIX = ".tmp-";

  private final Path dir;

  private DeliveryQueue(Path dir) {
    this.dir = dir;
  }

  /** Opens (creating, 0700) {@code <data-dir>/deliveries}. */
  static DeliveryQueue open(Path dataDir) throws IOException {
    return open(dataDir, "deliveries");
  }

  /** Opens (creating, 0700) {@code <data-dir>/<name>}: the same records kept elsewhere. */
  static DeliveryQueue open(Path dataDir, String name) throws IOException {
    Path dir = dataDir.resolve(name);
    OwnerOnly.createDirectories(dir);
    OwnerOnly.tighten(dir);
    return new DeliveryQueue(dir);
  }

  Path dir() {
    return dir;
  }

  /** Writes (or replaces) {@code d}'s file atomically. */
  void put(PendingDelivery d) throws IOException {
    Path target = dir.resolve(d.id() + SUFFIX);
    Path temp = dir.resolve(TEMP_PREFIX + d.id() + SUFFIX);
    Files.deleteIfExists(temp);
    try (FileChannel out =
        FileChannel.open(
            temp,
            java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(OwnerOnly.FILE))) {
      ByteBuffer bytes = ByteBuffer.wrap(DeliveryFile.encode(d));
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      out.force(true);
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory();
  }

  /** Whether a record for {@code d}'s task and attempt is here. */
  boolean holds(PendingDelivery d) {
    return Files.exists(dir.resolve(d.id() + SUFFIX));
  }

  /** Deletes {@code d}'s file; the delivery has ended. */
  void remove(PendingDelivery d) throws IOException {
    remove(d.id());
  }

  /** Deletes the file of record {@code id} ({@link PendingDelivery#id}). */
  void remove(String id) throws IOException {
    Files.deleteIfExists(dir.resolve(id + SUFFIX));
    syncDirectory();
  }

  /**
   * Every readable pending delivery. Damaged files are moved aside and reported; temporary files of
   * a write cut short (the old file, if any, is still whole) are deleted.
   */
  List<PendingDelivery> load() throws IOException {
    List<PendingDelivery> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.startsWith(TEMP_PREFIX)) {
          Files.deleteIfExists(f);
        } else if (name.endsWith(SUFFIX) && Files.isRegularFile(f)) {
          read(f).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  private java.util.Optional<PendingDelivery> read(Path f) {
    try {
      if (Files.size(f) > DeliveryFile.MAX_BYTES) {
        throw new DeliveryFile.Damaged("larger than " + DeliveryFile.MAX_BYTES + " bytes");
      }
      PendingDelivery d = DeliveryFile.decode(Files.readAllBytes(f));
      if (!(d.id() + SUFFIX).equals(f.getFileName().toString())) {
        throw new DeliveryFile.Damaged(
            "its content names another task or attempt (" + d.id() + ")");
      }
      return java.util.Optional.of(d);
    } catch (DeliveryFile.Damaged e) {
      setAside(f, e.getMessage());
    } catch (IOException e) {
      setAside(f, IoReason.of(e));
    }
    return java.util.Optional.empty();
  }

  private void setAside(Path f, String reason) {
    Path damaged = dir.resolve("damaged");
    try {
      OwnerOnly.createDirectories(damaged);
      Path to = damaged.resolve(f.getFileName());
      Files.move(f, to, StandardCopyOption.REPLACE_EXISTING);
      log.atWarn()
          .addKeyValue("file", f)
          .addKeyValue("moved_to", to)
          .addKeyValue("reason", reason)
          .log("a pending delivery file is damaged; set aside, its result is not delivered");
    } catch (IOException e) {
      log.atWarn()
          .addKeyValue("file", f)
          .addKeyValue("reason", reason)
          .log("a pending delivery file is damaged and cannot be moved aside: " + IoReason.of(e));
    }
  }

  private void syncDirectory() throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }
}
