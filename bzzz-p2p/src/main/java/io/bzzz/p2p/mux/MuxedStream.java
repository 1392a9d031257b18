package io.bzzz.p2p.mux;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One multiplexed stream. {@link #out()} blocks while the peer's receive window is exhausted and
 * never sends more than it allows; {@link #in()} returns -1 after the peer's FIN.
 */
public interface MuxedStream extends Closeable {
  int id();

  InputStream in();

  OutputStream out();

  /** Sends FIN: our side is done writing. */
  void closeWrite() throws IOException;

  /** Sends RST and fails pending reads and writes on both sides. */
  void reset();

  @Override
  void close() throws IOException;
}
