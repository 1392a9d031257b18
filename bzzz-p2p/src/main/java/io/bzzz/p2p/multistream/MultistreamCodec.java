package io.bzzz.p2p.multistream;

import io.bzzz.wire.MalformedInputException;
import io.bzzz.wire.Varint;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * multistream-select 1.0 frames: {@code uvarint(len(msg) + 1) || msg || '\n'}. Reads consume
 * exactly one frame, so bytes the peer pipelined behind it stay in the stream for the next layer.
 */
public final class MultistreamCodec {
  public static final String HEADER = "/multistream/1.0.0";
  public static final String NA = "na";

  /** Longest protocol id js and go accept. */
  public static final int MAX_MESSAGE = 1024;

  private MultistreamCodec() {}

  public static byte[] encode(String message) {
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    if (text.length > MAX_MESSAGE) {
      throw new IllegalArgumentException("multistream message longer than " + MAX_MESSAGE);
    }
    if (message.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("multistream message contains a newline");
    }
    int length = text.length + 1;
    byte[] out = new byte[Varint.size(length) + length];
    int at = Varint.write(length, out, 0);
    System.arraycopy(text, 0, out, at, text.length);
    out[out.length - 1] = '\n';
    return out;
  }

  /** Several frames in one buffer, for a single write (header + proposal, header + echo). */
  public static byte[] encode(String... messages) {
    byte[][] frames = new byte[messages.length][];
    int total = 0;
    for (int i = 0; i < messages.length; i++) {
      frames[i] = encode(messages[i]);
      total += frames[i].length;
    }
    byte[] out = new byte[total];
    int at = 0;
    for (byte[] frame : frames) {
      System.arraycopy(frame, 0, out, at, frame.length);
      at += frame.length;
    }
    return out;
  }

  /**
   * Reads the frame that must carry {@code expected}; a length prefix that does not fit it fails at
   * once, without waiting for bytes a garbage-speaking peer will never send.
   */
  public static String readExpecting(InputStream in, String expected) throws IOException {
    int length = Varint.readLength(in, MAX_MESSAGE + 1);
    if (length < 0) {
      throw new EOFException("stream ended during multistream negotiation");
    }
    int wanted = expected.getBytes(StandardCharsets.UTF_8).length + 1;
    if (length != wanted) {
      throw new MalformedInputException(
          "expected " + expected + " but got a frame of " + length + " bytes");
    }
    return readBody(in, length);
  }

  /**
   * Reads one frame and returns its message without the newline.
   *
   * @throws EOFException when the stream ends first
   * @throws MalformedInputException on an oversized frame or a missing newline
   */
  public static String read(InputStream in) throws IOException {
    int length = Varint.readLength(in, MAX_MESSAGE + 1);
    if (length < 0) {
      throw new EOFException("stream ended during multistream negotiation");
    }
    if (length == 0) {
      throw new MalformedInputException("empty multistream frame");
    }
    return readBody(in, length);
  }

  private static String readBody(InputStream in, int length) throws IOException {
    byte[] frame = in.readNBytes(length);
    if (frame.length < length) {
      throw new EOFException("stream ended inside a multistream frame");
    }
    if (frame[length - 1] != '\n') {
      throw new MalformedInputException("multistream frame does not end in a newline");
    }
    return new String(frame, 0, length - 1, StandardCharsets.UTF_8);
  }
}
