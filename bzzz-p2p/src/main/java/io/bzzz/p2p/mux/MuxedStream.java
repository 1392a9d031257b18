package io.bzzz.p2p.mux;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One multiplexed stream. {@link #out()} blocks while the peer's receive window is exhausted and
 * never sends more than it allows; {@link #in()} returns -1 after the peer's FIN and throws once
 * the stream was reset or the session closed (data received before a session close is still
 * readable). One thread may read while another writes.
 */
public interface MuxedStream extends Closeable {
  /** The stream id on the wire (unsigned 32-bit; odd when the dialer opened it). */
  int id();

  /** Reads; {@code in().close()} stops reading and discards what arrives later. */
  InputStream in();

  /** Writes; {@code out().close()} is {@link #closeWrite()}. */
  OutputStream out();

  /** Sends FIN after any write in progress: our side is done writing. Reads still work. */
  void closeWrite() throws IOException;

  /** Sends RST and fails pending reads and writes on both sides. */
  void reset();

  /** Half-closes if not done and stops reading; the stream ends when the peer's FIN arrives. */
  @Override
  void close() throws IOException;
}
