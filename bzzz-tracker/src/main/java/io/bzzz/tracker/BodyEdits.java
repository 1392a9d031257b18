package io.bzzz.tracker;

import java.util.List;

/**
 * Who changed an issue's body after it was posted, as far as the tracker can say. The agent runs a
 * script from an issue body only when it knows every hand that wrote it.
 */
public sealed interface BodyEdits {

  /** The tracker names every editor: their logins, oldest edit first (empty: never edited). */
  record Known(List<String> editors) implements BodyEdits {
    public Known {
      editors = List.copyOf(editors);
    }
  }

  /** The tracker's API does not say who edited the body; {@code why} says so in a sentence. */
  record Unknown(String why) implements BodyEdits {}

  static BodyEdits never() {
    return new Known(List.of());
  }
}
