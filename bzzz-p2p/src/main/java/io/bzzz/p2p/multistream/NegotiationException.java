package io.bzzz.p2p.multistream;

import java.io.IOException;

/** The peer broke multistream-select (wrong header, unexpected reply, nothing agreed). */
public final class NegotiationException extends IOException {
  public NegotiationException(String message) {
    super(message);
  }
}
