package io.bzzz.p2p;

import java.io.IOException;
import java.util.List;

/** The peer answered {@code na} to every protocol we proposed. */
public final class ProtocolNotSupportedException extends IOException {
  public ProtocolNotSupportedException(List<String> protocols) {
    super("protocol not supported by peer: " + String.join(", ", protocols));
  }
}
