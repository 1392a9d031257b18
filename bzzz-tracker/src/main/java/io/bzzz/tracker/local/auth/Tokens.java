package io.bzzz.tracker.local.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * Access tokens: 40 hex digits like Gitea's, random from an injected generator (a {@code
 * SecureRandom} in production). Only their SHA-256 is stored: a token has 160 random bits, so a
 * plain hash is enough and lookups stay one index probe.
 */
public final class Tokens {
  private final RandomGenerator random;

  public Tokens(RandomGenerator random) {
    this.random = random;
  }

  public String generate() {
    byte[] bytes = new byte[20];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return HexFormat.of().formatHex(bytes);
  }

  public static String hash(String token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  public static String lastEight(String token) {
    return token.substring(Math.max(0, token.length() - 8));
  }
}
