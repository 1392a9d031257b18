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
  /** Both slots; written as zeros at creation so the file never grows or shrinks afterwards. */
  static final int FILE_SIZE = 2 * HeadSlot.SIZE;

  private final FileChannel channel;
  private final List<String> problems = new ArrayList<>();
  private HeadSlot current;
  private int currentSlot;

  /** The other slot when it holds a valid (older) head too. */
  private HeadSlot older;

  HeadFile(FileChannel channel) throws IOException {
    this.channel = channel;
    load();
  }

  SignedHead head() {
    return current == null ? SignedHead.EMPTY : current.head();
  }

  /** Every head a valid slot holds, newest first. */
  List<SignedHead> validHeads() {
    List<SignedHead> heads = new ArrayList<>();
    if (current != null) {
      heads.add(current.head());
    }
    if (older != null) {
      heads.add(older.head());
    }
    return heads;
  }

  long previousLength() {
    return current == null ? 0 : current.previousLength();
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  /** Bytes in the file; a current log has exactly {@link #FILE_SIZE}, preallocated at creation. */
  long fileSize() throws IOException {
    return channel.size();
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

  /**
   * Makes the file exactly the current head in both slots, {@link #FILE_SIZE} bytes: overwrites a
   * damaged or older other slot, cuts extra bytes and fills a short (pre-allocation) file. Durable.
   */
  void rewriteOtherSlot() throws IOException {
    if (current == null) {
      write(0, null);
      write(1, null);
    } else {
      write(1 - currentSlot, current);
    }
    if (channel.size() > FILE_SIZE) {
      channel.truncate(FILE_SIZE);
    }
    channel.force(false);
    problems.clear();
    older = null;
  }

  /** Pads a file shorter than {@link #FILE_SIZE} (written by an older version) with zeros. */
  void pad() throws IOException {
    if (channel.size() < FILE_SIZE) {
      ByteBuffer zeros = ByteBuffer.allocate((int) (FILE_SIZE - channel.size()));
      long pos = channel.size();
      while (zeros.hasRemaining()) {
        pos += channel.write(zeros, pos);
      }
      channel.force(false);
    }
  }

  void force() throws IOException {
    channel.force(false);
  }

  private void write(int slot, HeadSlot value) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(value == null ? new byte[HeadSlot.SIZE] : value.encode());
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
    if (channel.size() > FILE_SIZE) {
      problems.add("head file has " + channel.size() + " bytes, expected " + FILE_SIZE);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
