package io.bzzz.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The Mesh Visualizer: one self-contained HTML page (inline script and style), read once. */
final class VisualizerPage {
  static final String HTML = load();

  private VisualizerPage() {}

  private static String load() {
    try (InputStream in = VisualizerPage.class.getResourceAsStream("visualizer.html")) {
      if (in == null) {
        throw new IllegalStateException("visualizer.html is missing from the bzzz-api jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read visualizer.html", e);
    }
  }
}
