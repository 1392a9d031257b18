package io.bzzz.p2p;

import io.bzzz.p2p.crypto.PeerId;
import java.io.IOException;

/** The remote proved an identity other than the one in the dialled {@code /p2p/} address. */
public final class PeerIdMismatchException extends IOException {
  private final PeerId expected;
  private final PeerId actual;

  public PeerIdMismatchException(PeerId expected, PeerId actual) {
    super("peer id mismatch: dialled " + expected + " but the remote is " + actual);
    this.expected = expected;
    this.actual = actual;
  }

  public PeerId expected() {
    return expected;
  }

  public PeerId actual() {
    return actual;
  }
}
