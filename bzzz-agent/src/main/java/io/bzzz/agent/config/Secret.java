package io.bzzz.agent.config;

import java.util.Objects;

/**
 * A token or key. {@link #toString} never shows it, so it is safe in records, logs and exception
 * messages; only {@link #reveal} gives the value, at the one place that sends it.
 */
public final class Secret {
  private final String value;
  private final String origin;

  /**
   * @param origin where it came from (a file path or a variable name), for messages
   */
  public Secret(String value, String origin) {
    this.value = Objects.requireNonNull(value);
    this.origin = origin;
  }

  public String reveal() {
    return value;
  }

  public String origin() {
    return origin;
  }

  @Override
  public String toString() {
    return "Secret[from " + origin + ", redacted]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
