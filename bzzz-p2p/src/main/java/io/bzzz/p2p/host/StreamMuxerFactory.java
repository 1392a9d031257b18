package io.bzzz.p2p.host;

import io.bzzz.p2p.mux.MuxedSession;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Creates the muxer session negotiated (by multistream-select) on a secured channel. */
public interface StreamMuxerFactory {
  /** The multistream protocol id, e.g. {@code /yamux/1.0.0}. */
  String protocolId();

  /**
   * Starts a session over the secured streams. {@code client} is true on the dialling side. Closing
   * the session closes {@code transport}.
   */
  MuxedSession start(InputStream in, OutputStream out, Closeable transport, boolean client)
      throws IOException;
}
