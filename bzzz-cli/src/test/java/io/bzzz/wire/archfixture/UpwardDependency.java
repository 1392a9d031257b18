package io.bzzz.wire.archfixture;

import io.bzzz.p2p.crypto.PeerId;

/** Deliberately bad: a class of the base layer that uses the p2p layer above it. */
public final class UpwardDependency {
  public String text(PeerId peer) {
    return peer.toBase58();
  }
}
