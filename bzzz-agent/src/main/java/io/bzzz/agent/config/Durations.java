package io.bzzz.agent.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in configuration: {@code 30s}, {@code 10m}, {@code 1h30m}. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  private Durations() {}

  /** Parses {@code text}; empty when it is not such a duration. */
  public static java.util.Optional<Duration> parse(String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      return java.util.Optional.empty();
    }
    Matcher m = PART.matcher(t);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        return java.util.Optional.empty();
      }
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
              });
      end = m.end();
    }
    return end == t.length() ? java.util.Optional.of(total) : java.util.Optional.empty();
  }
}
