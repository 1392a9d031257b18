package io.bzzz.p2p.mux;

import java.io.Closeable;
import java.io.IOException;

/**
 * A stream multiplexer session over one secured byte channel (Yamux in Bzzz). The connection owns
 * it; closing it ends every stream and the reader thread.
 */
public interface MuxedSession extends Closeable {
  /** Opens a new outbound stream; fails once the session is closed or the peer sent go-away. */
  MuxedStream openStream() throws IOException;

  /**
   * Blocks until the peer opens a stream. Throws {@link java.io.EOFException} once the session has
   * ended, so an accept loop ends with it.
   */
  MuxedStream acceptStream() throws IOException, InterruptedException;

  boolean isOpen();

  /** Sends go-away, then closes once open streams are done or immediately when {@code now}. */
  void close(boolean now);

  @Override
  default void close() {
    close(true);
  }
}
