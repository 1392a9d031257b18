package io.bzzz.tracker.local.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.random.RandomGenerator;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes: PBKDF2-HMAC-SHA256 with a random salt, stored as {@code pbkdf2$iter$salt$hash}.
 */
public final class Passwords {
  private static final int ITERATIONS = 210_000;
  private static final int KEY_BITS = 256;

  /**
   * A well-formed hash that no password matches (its key is all zeros), checked for a login whose
   * user does not exist or has no password: the check costs what a real one costs, so the answer's
   * timing does not tell a guesser which user names exist.
   */
  public static final String UNUSABLE =
      "pbkdf2$"
          + ITERATIONS
          + "$"
          + Base64.getEncoder().encodeToString(new byte[16])
          + "$"
          + Base64.getEncoder().encodeToString(new byte[KEY_BITS / 8]);

  private final RandomGenerator random;

  public Passwords(RandomGenerator random) {
    this.random = random;
  }

  public String hash(String password) {
    byte[] salt = new byte[16];
    for (int i = 0; i < salt.length; i++) {
      salt[i] = (byte) random.nextInt(256);
    }
    return "pbkdf2$"
        + ITERATIONS
        + "$"
        + Base64.getEncoder().encodeToString(salt)
        + "$"
        + Base64.getEncoder().encodeToString(derive(password, salt, ITERATIONS));
  }

  public static boolean matches(String password, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals("pbkdf2")) {
      return false;
    }
    byte[] salt = Base64.getDecoder().decode(parts[2]);
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    return MessageDigest.isEqual(expected, derive(password, salt, Integer.parseInt(parts[1])));
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, KEY_BITS);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no PBKDF2WithHmacSHA256", e);
    }
  }
}
