package io.bzzz.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.testing.ChildProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code bzzz demo} exposes the Mesh Visualizer: the URL printed and handed to the browser
 * opener when there is a display, neither with {@code --headless}. The opener is a script on the
 * PATH that records what it was asked to open.
 */
class DemoVisualizerTest {
  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final String BANNER = "==> Mesh Visualizer: ";

  @TempDir Path dir;

  private Map<String, String> displayWithRecordingOpener(Path marker) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path opener = bin.resolve("xdg-open");
    Files.writeString(opener, "#!/bin/sh\nprintf '%s\\n' \"$1\" > '" + marker + "'\n");
    Files.setPosixFilePermissions(opener, PosixFilePermissions.fromString("rwxr-xr-x"));
    return Map.of("PATH", bin + ":" + System.getenv("PATH"), "DISPLAY", ":99");
  }

  @Test
  void theDemoPrintsTheVisualizerAndOpensItWhenThereIsADisplay() throws Exception {
    Path marker = dir.resolve("opened.txt");
    try (ChildProcess demo =
        BzzzCli.start(
            displayWithRecordingOpener(marker),
            "demo",
            "--agents",
            "2",
            "--data-dir",
            dir.resolve("demo").toString())) {
      String line = demo.awaitLine(l -> l.startsWith(BANNER), WAIT);
      String url = line.substring(BANNER.length()).split(" ")[0];
      assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/");
      await().atMost(WAIT).until(() -> Files.exists(marker));
      assertThat(Files.readString(marker).strip()).isEqualTo(url);

      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> page =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Bzzz mesh</title>");
        HttpResponse<String> mesh =
            http.send(
                HttpRequest.newBuilder(URI.create(url + "api/v1/mesh")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(new ObjectMapper().readTree(mesh.body()).path("agent").path("name").asText())
            .isEqualTo("agent-1");
      }
      // The progress lines follow as before.
      demo.awaitLine(l -> l.startsWith("task #"), WAIT);
    } // close() kills the demo and its agents: how it stops is AgentMeshTest's business
  }

  @Test
  void headlessPrintsNoVisualizerAndOpensNothing() throws Exception {
    Path marker = dir.resolve("opened.txt");
    try (ChildProcess demo =
        BzzzCli.start(
            displayWithRecordingOpener(marker),
            "demo",
            "--headless",
            "--agents",
            "1",
            "--data-dir",
            dir.resolve("demo").toString())) {
      // The visualizer would come before the first progress line.
      demo.awaitLine(l -> l.startsWith("task #"), WAIT);
      assertThat(demo.stdoutLines()).noneMatch(l -> l.contains("Mesh Visualizer"));
      assertThat(marker).doesNotExist();
    }
  }
}
