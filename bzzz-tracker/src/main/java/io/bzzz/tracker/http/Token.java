package io.bzzz.tracker.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An API token. Its {@link #toString} never shows it, and {@link #redact} scrubs it from any text
 * that might reach a log or an exception message (a server that echoes headers, a URL).
 */
public final class Token {
  private static final int MAX_FILE_BYTES = 4096;
  private final String secret;

  private Token(String secret) {
    if (secret.isEmpty() || secret.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
      throw new IllegalArgumentException("a token must be non-empty printable ASCII");
    }
    this.secret = secret;
  }

  public static Token of(String secret) {
    return new Token(secret.strip());
  }

  /** Reads a token file (first line, surrounding whitespace ignored). */
  public static Token fromFile(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new IllegalArgumentException("token file " + file + " is larger than 4 KiB");
      }
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      int newline = text.indexOf('\n');
      return new Token((newline < 0 ? text : text.substring(0, newline)).strip());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read token file " + file + ": " + e, e);
    }
  }

  /** Reads a token from an environment variable of {@code env}. */
  public static Token fromEnv(Map<String, String> env, String variable) {
    String value = env.get(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("environment variable " + variable + " is not set");
    }
    return of(value);
  }

  /** The secret, for the one place that puts it in a header or a git credential. */
  public String reveal() {
    return secret;
  }

  public String redact(String text) {
    return text == null ? "" : text.replace(secret, "[redacted]");
  }

  /** Equal tokens have the same secret: how a source tells a renewed token from the refused one. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Token t && t.secret.equals(secret);
  }

  @Override
  public int hashCode() {
    return secret.hashCode();
  }

  @Override
  public String toString() {
    return "Token[redacted]";
  }
}
