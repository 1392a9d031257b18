package io.bzzz.log.sign;

import io.bzzz.log.tree.Hashes;

/** Hypercore's namespaces, {@code crypto.namespace('hypercore', 6)}. */
public final class Namespaces {
  public static final byte[] TREE = Hashes.namespace("hypercore", 0);
  public static final byte[] MANIFEST = Hashes.namespace("hypercore", 3);
  public static final byte[] DEFAULT_NAMESPACE = Hashes.namespace("hypercore", 4);

  private Namespaces() {}
}
