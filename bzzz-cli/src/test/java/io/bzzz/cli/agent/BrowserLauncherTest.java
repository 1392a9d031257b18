package io.bzzz.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrowserLauncherTest {
  private static final String URL = "http://127.0.0.1:8080/";

  @Test
  void opensWithXdgOpenOnlyWhenLinuxHasADisplay() {
    assertThat(BrowserLauncher.command(URL, "Linux", Map.of("DISPLAY", ":0")))
        .hasValue(List.of("xdg-open", URL));
    assertThat(BrowserLauncher.command(URL, "Linux", Map.of("WAYLAND_DISPLAY", "wayland-0")))
        .hasValue(List.of("xdg-open", URL));
    assertThat(BrowserLauncher.command(URL, "Linux", Map.of())).isEmpty();
    assertThat(BrowserLauncher.command(URL, "Linux", Map.of("DISPLAY", " "))).isEmpty();
  }

  @Test
  void opensWithOpenOnMacOsAndNotAtAllOnWindows() {
    assertThat(BrowserLauncher.command(URL, "Mac OS X", Map.of())).hasValue(List.of("open", URL));
    assertThat(BrowserLauncher.command(URL, "Windows 11", Map.of("DISPLAY", ":0"))).isEmpty();
  }

  @Test
  void aMissingOpenerIsReportedNotThrown() {
    assertThat(BrowserLauncher.start(List.of("/nonexistent/xdg-open", URL)))
        .hasValueSatisfying(m -> assertThat(m).contains("open the URL above yourself"));
  }
}
