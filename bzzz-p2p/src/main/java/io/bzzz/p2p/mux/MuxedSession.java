package io.bzzz.p2p.mux;

import java.io.Closeable;
import java.io.IOException;

/**
 * A stream multiplexer session over one secured byte channel (Yamux in Bzzz). The connection owns
 * it; closing it ends every stream and the session's own threads, and closes the channel.
 */
public interface MuxedSession extends Closeable {
  /**
   * Opens a new outbound stream; the peer learns of it at once and may refuse it with a reset.
   * Fails once the session is closed or either side sent go-away, or at the session's stream limit;
   * may wait (boundedly) while the peer has not yet acknowledged many earlier streams.
   */
  MuxedStream openStream() throws IOException;

  /**
   * Blocks until the peer opens a stream, then acknowledges it to the peer. Throws {@link
   * java.io.EOFException} once the session has ended, so an accept loop ends with it. Streams the
   * peer opens while the backlog of unaccepted streams is full are refused, so call it promptly.
   */
  MuxedStream acceptStream() throws IOException, InterruptedException;

  boolean isOpen();

  /**
   * Ends the session. With {@code now} false: sends go-away (no new streams either way) and closes
   * once the open streams are done, without blocking; the caller closes with {@code true} when it
   * stops waiting. With {@code now} true: sends go-away if not sent and closes at once, failing
   * pending reads and writes.
   */
  void close(boolean now);

  @Override
  default void close() {
    close(true);
  }
}
