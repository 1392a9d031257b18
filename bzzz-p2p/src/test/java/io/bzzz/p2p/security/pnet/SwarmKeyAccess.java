package io.bzzz.p2p.security.pnet;

/** Lets tests in other packages see a key's bytes, which the main code keeps to its package. */
public final class SwarmKeyAccess {
  private SwarmKeyAccess() {}

  public static byte[] bytes(SwarmKey key) {
    return key.bytes().clone();
  }
}
