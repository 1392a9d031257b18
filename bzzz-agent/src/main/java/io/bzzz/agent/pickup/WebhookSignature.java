package io.bzzz.agent.pickup;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures of webhook bodies, as Gitea and GitHub compute them: over the raw bytes
 * received (never re-serialized JSON), keyed by the hook's secret. Comparison is in constant time
 * ({@link MessageDigest#isEqual}), so an attacker learns nothing from how long a refusal takes.
 */
public final class WebhookSignature {
  private static final int DIGEST_HEX = 64;

  private WebhookSignature() {}

  /** The hex HMAC-SHA256 of {@code body} keyed by {@code secret}. */
  public static String hex(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required by the JDK", e);
    }
  }

  /** The header value {@code source} would send for {@code body}. */
  public static String header(WebhookSource source, String secret, byte[] body) {
    return source.signaturePrefix() + hex(secret, body);
  }

  /**
   * Whether {@code header} (the signature header's value as received) is the signature of {@code
   * body} under {@code secret}. Hex digits are compared case-insensitively, as senders differ.
   */
  public static boolean matches(WebhookSource source, String secret, byte[] body, String header) {
    String value = header.strip();
    String prefix = source.signaturePrefix();
    if (!value.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return false;
    }
    String digest = value.substring(prefix.length()).toLowerCase(Locale.ROOT);
    if (digest.length() != DIGEST_HEX) {
      return false; // the length of a digest is public; no need to hide it
    }
    return MessageDigest.isEqual(
        digest.getBytes(StandardCharsets.US_ASCII),
        hex(secret, body).getBytes(StandardCharsets.US_ASCII));
  }
}
