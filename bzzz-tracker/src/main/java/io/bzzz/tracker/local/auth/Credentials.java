package io.bzzz.tracker.local.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * What a client sent in its {@code Authorization} header: {@code token T} or {@code Bearer T}
 * (Gitea's API tokens), or HTTP basic with a password or a token as the password (git clients).
 * {@code toString} never shows the secret.
 */
public sealed interface Credentials {
  record Token(String token) implements Credentials {
    @Override
    public String toString() {
      return "Token[***]";
    }
  }

  record Basic(String user, String secret) implements Credentials {
    @Override
    public String toString() {
      return "Basic[" + user + ", ***]";
    }
  }

  /** Parses the header; empty when there is none, {@link BadCredentials} when it is malformed. */
  static Optional<Credentials> parse(Optional<String> header) {
    if (header.isEmpty() || header.get().isBlank()) {
      return Optional.empty();
    }
    String h = header.get().strip();
    int space = h.indexOf(' ');
    if (space < 0) {
      throw new BadCredentials("malformed Authorization header");
    }
    String scheme = h.substring(0, space);
    String value = h.substring(space + 1).strip();
    if (scheme.equalsIgnoreCase("token") || scheme.equalsIgnoreCase("bearer")) {
      return Optional.of(new Token(value));
    }
    if (scheme.equalsIgnoreCase("basic")) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new BadCredentials("malformed basic credentials");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new BadCredentials("malformed basic credentials");
      }
      return Optional.of(new Basic(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
    throw new BadCredentials("unsupported authorization scheme");
  }
}
