package io.bzzz.agent.exec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the first {@code headLimit} and the last {@code tailLimit} bytes of a stream: the start
 * says what the process was doing, the end says how it finished. Memory stays bounded whatever the
 * process prints.
 */
public final class CappedOutput {
  private final int headLimit;
  private final ByteArrayOutputStream head;
  private final byte[] tail;
  private int tailStart;
  private int tailLength;
  private long total;

  public CappedOutput(int limit) {
    if (limit < 2) {
      throw new IllegalArgumentException("output limit must be at least 2 bytes, got " + limit);
    }
    this.headLimit = limit / 2;
    this.head = new ByteArrayOutputStream(Math.min(headLimit, 8192));
    this.tail = new byte[limit - headLimit];
  }

  public void write(byte[] buf, int off, int len) {
    total += len;
    int toHead = Math.min(len, headLimit - head.size());
    if (toHead > 0) {
      head.write(buf, off, toHead);
      off += toHead;
      len -= toHead;
    }
    for (int i = 0; i < len; i++) {
      int pos = (tailStart + tailLength) % tail.length;
      tail[pos] = buf[off + i];
      if (tailLength < tail.length) {
        tailLength++;
      } else {
        tailStart = (tailStart + 1) % tail.length;
      }
    }
  }

  public long totalBytes() {
    return total;
  }

  public boolean truncated() {
    return total > (long) head.size() + tailLength;
  }

  /** The kept text; when bytes were dropped, a marker line says how many. */
  public String text() {
    byte[] tailBytes = new byte[tailLength];
    for (int i = 0; i < tailLength; i++) {
      tailBytes[i] = tail[(tailStart + i) % tail.length];
    }
    String headText = head.toString(StandardCharsets.UTF_8);
    String tailText = new String(tailBytes, StandardCharsets.UTF_8);
    if (!truncated()) {
      return headText + tailText;
    }
    long dropped = total - head.size() - tailLength;
    return headText + "\n[... " + dropped + " bytes of output omitted ...]\n" + tailText;
  }
}
