package io.bzzz.p2p.host;

import io.bzzz.p2p.P2pStream;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.mux.MuxedStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/** A negotiated stream; releases its slot in the connection's stream count exactly once. */
final class HostStream implements P2pStream {
  private final MuxedStream muxed;
  private final HostConnection connection;
  private final String protocol;
  private final boolean inbound;
  private final AtomicBoolean released = new AtomicBoolean();

  HostStream(MuxedStream muxed, HostConnection connection, String protocol, boolean inbound) {
    this.muxed = muxed;
    this.connection = connection;
    this.protocol = protocol;
    this.inbound = inbound;
  }

  HostConnection connection() {
    return connection;
  }

  @Override
  public PeerId remotePeer() {
    return connection.remotePeer();
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public boolean inbound() {
    return inbound;
  }

  @Override
  public InputStream in() {
    return muxed.in();
  }

  @Override
  public OutputStream out() {
    return muxed.out();
  }

  @Override
  public void closeWrite() throws IOException {
    muxed.closeWrite();
  }

  @Override
  public void reset() {
    try {
      muxed.reset();
    } finally {
      release();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      muxed.close();
    } finally {
      release();
    }
  }

  private void release() {
    if (released.compareAndSet(false, true)) {
      connection.streamEnded(protocol, inbound);
    }
  }

  @Override
  public String toString() {
    return protocol + (inbound ? " from " : " to ") + remotePeer() + " #" + muxed.id();
  }
}
