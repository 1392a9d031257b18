package io.bzzz.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Mesh Visualizer in a real browser: headless Chromium opens the page of one agent of a live
 * mesh and keeps it open while tasks are added. The DOM it renders shows both agents (the second
 * one's name can only come from its own API, read across origins), their connection, the tasks
 * reaching their final stage, and the event log fed by the event stream.
 */
@Tag("browser")
class VisualizerBrowserTest {
  private static final Duration WAIT = Duration.ofMinutes(2);

  @Test
  void thePageDrawsTheAgentsTheirConnectionAndTheTasksLive(@TempDir Path dir) throws Exception {
    try (LiveMesh mesh = LiveMesh.start(dir)) {
      LiveMesh.Member a = mesh.addAgent("agent-a");
      // a page served by agent-a, watching agent-b and agent-c through their own APIs
      LiveMesh.Member b = mesh.addAgent("agent-b", "capability", "visual-gpu");
      LiveMesh.Member c = mesh.addAgent("agent-c");
      String aId = a.agent().peerId();
      String bId = b.agent().peerId();
      // The page finds the others through agent-a's peer table (their capability broadcasts).
      await()
          .atMost(WAIT)
          .until(
              () ->
                  a.agent().view().peers().stream()
                          .filter(p -> p.capabilities().map(k -> !k.api().isEmpty()).orElse(false))
                          .count()
                      == 2);

      try (HeadlessChromium chromium =
          HeadlessChromium.start(Files.createDirectories(dir.resolve("browser")))) {
        chromium.open(a.api().visualizerUrl());
        String edge = aId.compareTo(bId) < 0 ? aId + "|" + bId : bId + "|" + aId;
        await()
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(chromium.dom())
                        .contains("data-peer=\"" + aId + "\"", "data-name=\"agent-a\"")
                        .contains("data-peer=\"" + bId + "\"", "data-name=\"agent-b\"")
                        .contains("visual-gpu ·")
                        .contains("data-edge=\"" + edge + "\"")
                        .contains("data-name=\"agent-c\"")
                        .contains("id=\"agent-count\">3<"));
        // Both agents' event streams are open: the page watches the whole mesh.
        await()
            .atMost(WAIT)
            .until(
                () ->
                    a.api().openEventStreams() >= 1
                        && b.api().openEventStreams() >= 1
                        && c.api().openEventStreams() >= 1);

        long first = mesh.addScriptTask("Paint the first note", "first.txt");
        long second = mesh.addScriptTask("Paint the second note", "second.txt");
        await()
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(chromium.dom())
                        .contains("data-task=\"admin/demo#" + first + "\" data-stage=\"completed\"")
                        .contains(
                            "data-task=\"admin/demo#" + second + "\" data-stage=\"completed\"")
                        .contains("Paint the first note", "Paint the second note")
                        // the event log, written only from the event streams
                        .contains("task #" + first + " claimed", "task #" + first + " completed")
                        .contains("→ task_claimed #" + first));
        // The Scheduling panel: both claims counted (by whichever agents won them, read from
        // their /api/v1/mesh), a latency from their histogram, the auction's rounds, every agent's
        // utilisation on its node.
        String cId = c.agent().peerId();
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  String dom = chromium.dom();
                  java.util.regex.Matcher pickups =
                      Pattern.compile("id=\"sched-pickups\">(\\d+)<").matcher(dom);
                  assertThat(pickups.find()).as("pickup count in %s", dom).isTrue();
                  assertThat(Integer.parseInt(pickups.group(1))).isGreaterThanOrEqualTo(2);
                  assertThat(dom)
                      .containsPattern("id=\"sched-p50\">\\d+(\\.\\d+)? s<")
                      .containsPattern("id=\"sched-p95\">\\d+(\\.\\d+)? s<")
                      // the auction is on by default: every agent joined the rounds
                      // ... at every agent: no "(on at k of n)" after the figures
                      .containsPattern(
                          "id=\"sched-auction\">rounds joined \\d+ · won \\d+ · lost \\d+ · bids"
                              + " \\d+ sent / \\d+ received<")
                      .containsPattern("id=\"sched-variance\">\\d\\.\\d{3}<")
                      .containsPattern("id=\"sched-hotspots\">\\d+<")
                      .contains("3 watched agents; load as agent-a sees it");
                  for (String id : new String[] {aId, bId, cId}) {
                    assertThat(dom)
                        .containsPattern(
                            "data-peer=\"" + id + "\"[^>]*data-utilisation=\"[01]\\.\\d\\d\"");
                  }
                });

        // A council: agent-b alone can hold its one role; the panel shows it formed, with b,
        // then its plan graph: two script subtasks, the second after the first, both done.
        int brief =
            mesh.addBrief(
                "Paint a mural",
                """
                ```bzzz-council
                core: [visual-gpu]
                ```

                ```bzzz-plan
                - key: sketch
                  title: Sketch the mural
                  role: visual-gpu
                  body: |
                    ~~~bzzz-script
                    printf 'sketch\\n' > sketch.txt
                    ~~~
                - key: paint
                  title: Paint the mural
                  role: visual-gpu
                  depends_on: [sketch]
                  body: |
                    ~~~bzzz-script
                    printf 'paint\\n' > paint.txt
                    ~~~
                ```
                """);
        // formed, or already dissolved when the two subtasks ran between two page refreshes
        Pattern row =
            Pattern.compile(
                "data-council=\"admin/demo#" + brief + "\" data-state=\"(formed|dissolved)\"");
        await()
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(chromium.dom())
                        .containsPattern(row)
                        .contains("Paint a mural", "visual-gpu: agent-b"));
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  String dom = chromium.dom();
                  assertThat(dom)
                      .contains("Sketch the mural [visual-gpu] — ")
                      .contains("Paint the mural [visual-gpu] — ")
                      .containsPattern("data-subtask=\"admin/demo#\\d+\" data-state=\"done\"")
                      .containsPattern("plan-state done\">done</span>  ← #\\d+")
                      // the discussion: b announced its plan for each subtask it took
                      .containsPattern(
                          "class=\"talk-line\" data-kind=\"plan\">[0-9:]{8} agent-b: plan on #\\d+");
                  // dependencies first
                  assertThat(dom.indexOf("Sketch the mural [visual-gpu]"))
                      .isLessThan(dom.indexOf("Paint the mural [visual-gpu]"));
                  assertThat(dom.split("data-state=\"done\"", -1)).hasSizeGreaterThan(2);
                });

        Path png = Path.of("target", "visualizer.png").toAbsolutePath();
        chromium.screenshot(png);
        assertThat(Files.size(png)).isGreaterThan(10_000);
      }
    }
  }
}
