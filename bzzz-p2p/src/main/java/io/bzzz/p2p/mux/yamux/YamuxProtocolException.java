package io.bzzz.p2p.mux.yamux;

import java.io.IOException;

/** The peer broke the Yamux protocol; the session answers with a protocol-error GoAway. */
public final class YamuxProtocolException extends IOException {
  public YamuxProtocolException(String message) {
    super(message);
  }
}
