package io.bzzz.p2p.mux.yamux;

import java.util.ArrayDeque;

/**
 * Received payloads of one stream, in order, until the application reads them. Its size is bounded
 * by the stream's receive window, which the stream checks before adding. Not thread-safe.
 */
final class ReceiveBuffer {
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private int headOffset;
  private long size;

  void add(byte[] chunk) {
    if (chunk.length > 0) {
      chunks.addLast(chunk);
      size += chunk.length;
    }
  }

  boolean isEmpty() {
    return size == 0;
  }

  long size() {
    return size;
  }

  /** Copies up to {@code len} bytes out; returns how many. */
  int read(byte[] dst, int off, int len) {
    int copied = 0;
    while (copied < len && !chunks.isEmpty()) {
      byte[] head = chunks.peekFirst();
      int n = Math.min(len - copied, head.length - headOffset);
      System.arraycopy(head, headOffset, dst, off + copied, n);
      copied += n;
      headOffset += n;
      if (headOffset == head.length) {
        chunks.removeFirst();
        headOffset = 0;
      }
    }
    size -= copied;
    return copied;
  }

  /** Drops everything buffered; returns how many bytes that was. */
  long clear() {
    long dropped = size;
    chunks.clear();
    headOffset = 0;
    size = 0;
    return dropped;
  }
}
