package io.bzzz.p2p.host;

import io.bzzz.p2p.mux.MuxedSession;
import io.bzzz.p2p.mux.yamux.YamuxConfig;
import io.bzzz.p2p.mux.yamux.YamuxSession;
import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/** Binds Yamux ({@code /yamux/1.0.0}) into the upgrader. */
public record YamuxMuxer(YamuxConfig config) implements StreamMuxerFactory {
  public static final String PROTOCOL_ID = "/yamux/1.0.0";

  public static YamuxMuxer defaults() {
    return new YamuxMuxer(YamuxConfig.defaults());
  }

  @Override
  public String protocolId() {
    return PROTOCOL_ID;
  }

  @Override
  public MuxedSession start(InputStream in, OutputStream out, Closeable transport, boolean client) {
    YamuxSession session = new YamuxSession(in, out, transport, client, config);
    session.start();
    return session;
  }
}
