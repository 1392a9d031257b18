package io.bzzz.p2p.discovery.mdns;

import java.util.random.RandomGenerator;

/**
 * mDNS peer names: random [a-z0-9] strings of 32 to 63 characters (the spec's choice; a peer id is
 * too long for a 63-byte DNS label).
 */
public final class PeerNames {
  public static final int MIN_LENGTH = 32;
  public static final int MAX_LENGTH = 63;
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private PeerNames() {}

  public static String random(RandomGenerator random) {
    int length = MIN_LENGTH + random.nextInt(MAX_LENGTH - MIN_LENGTH + 1);
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
