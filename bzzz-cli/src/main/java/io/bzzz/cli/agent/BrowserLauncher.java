package io.bzzz.cli.agent;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Opens a page in the user's browser when there is a screen to show it on: {@code open} on macOS,
 * {@code xdg-open} where {@code DISPLAY} or {@code WAYLAND_DISPLAY} is set. Never fails: without a
 * display, or when the opener is missing, the printed URL is all there is.
 */
final class BrowserLauncher {
  private BrowserLauncher() {}

  /** The command that would open {@code url} here, or empty when there is no display. */
  static Optional<List<String>> command(String url, String osName, Map<String, String> env) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("mac")) {
      return Optional.of(List.of("open", url));
    }
    if (os.contains("windows")) {
      return Optional.empty();
    }
    if (isSet(env.get("DISPLAY")) || isSet(env.get("WAYLAND_DISPLAY"))) {
      return Optional.of(List.of("xdg-open", url));
    }
    return Optional.empty();
  }

  /**
   * Starts {@code command} in the background, its output discarded; the opener hands the page to
   * the browser and exits (the JVM reaps it). Returns a sentence for the user when it cannot run.
   */
  static Optional<String> start(List<String> command) {
    try {
      new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("could not start " + command.get(0) + "; open the URL above yourself");
    }
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
