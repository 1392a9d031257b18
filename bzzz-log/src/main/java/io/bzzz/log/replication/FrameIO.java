package io.bzzz.log.replication;

import io.bzzz.wire.Varint;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/** Varint-length-prefixed frames on a stream, one message each. */
final class FrameIO {
  private final InputStream in;
  private final OutputStream out;

  /** Buffers both directions: varints are read and written a byte at a time. */
  FrameIO(InputStream in, OutputStream out) {
    this.in = new BufferedInputStream(in, 64 * 1024);
    this.out = new BufferedOutputStream(out, 64 * 1024);
  }

  /** The next message, or empty at a clean end of stream between messages. */
  Optional<Message> read() throws IOException {
    int length = Varint.readLength(in, ReplicationCodec.MAX_FRAME);
    if (length < 0) {
      return Optional.empty();
    }
    byte[] frame = in.readNBytes(length);
    if (frame.length != length) {
      throw new EOFException("stream ended inside a " + length + "-byte message");
    }
    return Optional.of(ReplicationCodec.decode(frame));
  }

  Message readRequired(String expecting) throws IOException {
    return read()
        .orElseThrow(() -> new EOFException("peer closed the stream; expected " + expecting));
  }

  /** Buffers a message; call {@link #flush} to send. */
  void write(Message message) throws IOException {
    byte[] body = ReplicationCodec.encode(message);
    Varint.write(body.length, out);
    out.write(body);
  }

  void flush() throws IOException {
    out.flush();
  }

  void send(Message message) throws IOException {
    write(message);
    flush();
  }
}
