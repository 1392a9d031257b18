package io.bzzz.tracker.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Percent-encoding for path segments and query values. */
public final class Paths {
  private Paths() {}

  /**
   * Encodes one path segment or query value ({@code help wanted} becomes {@code help%20wanted}).
   */
  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
