package io.bzzz.agent.council;

import java.util.Locale;
import java.util.Optional;

/** Where a council is, as {@code council_status} and the status comment say it. */
public enum CouncilState {
  FORMING,
  FORMED,
  FAILED,
  DISSOLVED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<CouncilState> fromWire(String name) {
    for (CouncilState s : values()) {
      if (s.wireName().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
