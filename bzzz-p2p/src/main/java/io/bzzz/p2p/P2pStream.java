package io.bzzz.p2p;

import io.bzzz.p2p.crypto.PeerId;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A bidirectional byte stream to one peer, negotiated to one protocol. Whoever opened or accepted
 * it owns it and must close it; writes block while the peer's flow-control window is full.
 */
public interface P2pStream extends Closeable {
  PeerId remotePeer();

  /** The protocol id agreed by multistream-select, e.g. {@code /ipfs/ping/1.0.0}. */
  String protocol();

  /** True when the remote peer opened this stream. */
  boolean inbound();

  InputStream in();

  OutputStream out();

  /** Half-close: no more writes from us; the peer reads end of stream. Reads still work. */
  void closeWrite() throws IOException;

  /** Abort both directions at once; pending writes are dropped. */
  void reset();

  /** Half-close if not done, and stop reading. */
  @Override
  void close() throws IOException;
}
