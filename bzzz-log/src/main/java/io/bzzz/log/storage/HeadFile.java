package io.bzzz.log.storage;

import io.bzzz.log.sign.SignedHead;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code head} file: two {@link HeadSlot}s. The valid slot with the higher seq is the signed
 * head; a commit writes the other slot, so the head the previous append acknowledged is never
 * overwritten by the append in progress. Owns its channel.
 */
final class HeadFile implements Closeable {
  private final FileChannel channel;
  private final List<String> problems = new ArrayList<>();
  private HeadSlot current;
  private int currentSlot;

  /** A valid older slot to fall back to when the current one's append did not fully land. */
  private HeadSlot older;

  private boolean staleOtherSlot;

  HeadFile(FileChannel channel) throws IOException {
    this.channel = channel;
    load();
  }

  SignedHead head() {
    return current == null ? SignedHead.EMPTY : current.head();
  }

  long previousLength() {
    return current == null ? 0 : current.previousLength();
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  boolean fallBack() {
    if (older == null) {
      return false;
    }
    current = older;
    currentSlot = 1 - currentSlot;
    older = null;
    staleOtherSlot = true;
    return true;
  }

  /** Writes {@code newHead} to the slot not holding the current head; not forced. */
  void commit(SignedHead newHead) throws IOException {
    long seq = current == null ? 1 : current.seq() + 1;
    int slot = current == null ? 0 : 1 - currentSlot;
    HeadSlot next = new HeadSlot(seq, current == null ? 0 : current.head().length(), newHead);
    write(slot, next);
    older = current;
    current = next;
    currentSlot = slot;
  }

  /** Overwrites a damaged or abandoned other slot with the current head, durably. */
  void repair() throws IOException {
    if ((staleOtherSlot || !problems.isEmpty()) && current != null) {
      write(1 - currentSlot, current);
      channel.force(false);
      problems.clear();
      staleOtherSlot = false;
    }
  }

  void force() throws IOException {
    channel.force(false);
  }

  private void write(int slot, HeadSlot value) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(value.encode());
    long pos = (long) slot * HeadSlot.SIZE;
    while (b.hasRemaining()) {
      pos += channel.write(b, pos);
    }
  }

  private void load() throws IOException {
    for (int slot = 0; slot < 2; slot++) {
      long pos = (long) slot * HeadSlot.SIZE;
      if (channel.size() <= pos) {
        continue;
      }
      ByteBuffer b = ByteBuffer.allocate((int) Math.min(HeadSlot.SIZE, channel.size() - pos));
      while (b.hasRemaining() && channel.read(b, pos + b.position()) >= 0) {
        // positional reads until full
      }
      byte[] bytes = b.array();
      Optional<HeadSlot> decoded = HeadSlot.decode(bytes);
      if (decoded.isEmpty()) {
        if (!HeadSlot.isBlank(bytes)) {
          problems.add("head slot " + slot + " is torn or damaged (checksum mismatch)");
        }
        continue;
      }
      if (current == null || decoded.get().seq() > current.seq()) {
        older = current;
        current = decoded.get();
        currentSlot = slot;
      } else {
        older = decoded.get();
      }
    }
    if (channel.size() > 2L * HeadSlot.SIZE) {
      problems.add(
          "head file has " + channel.size() + " bytes, expected at most " + 2 * HeadSlot.SIZE);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
