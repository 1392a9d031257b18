package io.bzzz.cli.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.cli.testing.AdminRepo;
import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.testing.ChildProcess;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bzzz task add|list|show|claim} as a real child process against a real local tracker. */
class TaskCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration EXIT = Duration.ofSeconds(90);

  @TempDir static Path dir;
  static LocalTracker tracker;
  static Path tokenFile;

  @BeforeAll
  static void start() throws Exception {
    tracker = LocalTracker.start(LocalTrackerConfig.of(dir.resolve("tracker")));
    tokenFile = dir.resolve("tracker").resolve(LocalTracker.ADMIN_TOKEN_FILE);
    AdminRepo.create(tracker, "cli");
  }

  @AfterAll
  static void stop() {
    tracker.close();
  }

  private static List<String> common() {
    return List.of(
        "--tracker",
        tracker.baseUrl(),
        "--token-file",
        tokenFile.toString(),
        "--repo",
        "admin/cli");
  }

  private static ChildProcess bzzz(String command, List<String> options, String... more) {
    List<String> args = new ArrayList<>(List.of("task", command));
    args.addAll(options);
    args.addAll(List.of(more));
    return BzzzCli.start(
        Map.of("BZZZ_HOME", dir.resolve("home").toString()), args.toArray(String[]::new));
  }

  private static List<String> run(String command, String... more) {
    try (ChildProcess p = bzzz(command, common(), more)) {
      assertThat(p.awaitExit(EXIT)).as(p.describe()).isZero();
      return p.stdoutLines();
    }
  }

  @Test
  void addListShowAndClaim() throws Exception {
    String first =
        run("add", "--title", "Write a README", "--body", "Explain setup", "--label", "bug")
            .getLast();
    String second = run("add", "--title", "Second task").getLast();
    assertThat(first).matches("\\d+");
    assertThat(Integer.parseInt(second)).isEqualTo(Integer.parseInt(first) + 1);

    assertThat(run("list"))
        .containsExactly(
            first + "\topen\tbug,bzzz-task\tWrite a README",
            second + "\topen\tbzzz-task\tSecond task");
    List<JsonNode> listed = new ArrayList<>();
    for (String line : run("list", "--json")) {
      listed.add(JSON.readTree(line));
    }
    assertThat(listed)
        .extracting(n -> n.get("title").asText())
        .containsExactly("Write a README", "Second task");

    List<String> alice = run("claim", "--agent", "alice", "--max", "1");
    List<String> bob = run("claim", "--agent", "bob", "--max", "5");
    List<String> carol = run("claim", "--agent", "carol", "--max", "5");
    assertThat(alice).hasSize(1);
    assertThat(bob).hasSize(1);
    assertThat(carol).isEmpty();
    JsonNode a = JSON.readTree(alice.getFirst());
    JsonNode b = JSON.readTree(bob.getFirst());
    assertThat(List.of(a.get("number").asText(), b.get("number").asText()))
        .containsExactlyInAnyOrder(first, second);
    assertThat(a.get("branch").asText()).isEqualTo("bzzz/task-" + a.get("number").asText());
    assertThat(a.get("attempt").asInt()).isEqualTo(1);
    assertThat(a.size()).isEqualTo(3);

    String shown = String.join("\n", run("show", a.get("number").asText()));
    assertThat(shown)
        .contains(
            "state:     open",
            "bzzz-claimed",
            "claim:     " + a.get("branch").asText() + " (attempt 1, alice)");
  }

  @Test
  void wrongTokenAndUnknownRepositoryFailWithOneLineAndAMeaningfulCode() throws Exception {
    Path wrong = dir.resolve("wrong.token");
    Files.writeString(wrong, "0000000000000000000000000000000000000000\n");
    // owner-only, as a token file should be: the one line is then the tracker's refusal
    Files.setPosixFilePermissions(
        wrong, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    List<String> options =
        List.of(
            "--tracker",
            tracker.baseUrl(),
            "--token-file",
            wrong.toString(),
            "--repo",
            "admin/cli");
    try (ChildProcess p = bzzz("add", options, "--title", "x")) {
      assertThat(p.awaitExit(EXIT)).isEqualTo(3);
      assertThat(p.stderrLines())
          .singleElement()
          .asString()
          .contains("401")
          .doesNotContain("0000000000");
    }
    List<String> ghost =
        List.of(
            "--tracker",
            tracker.baseUrl(),
            "--token-file",
            tokenFile.toString(),
            "--repo",
            "admin/ghost");
    try (ChildProcess p = bzzz("list", ghost)) {
      assertThat(p.awaitExit(EXIT)).isEqualTo(4);
      assertThat(p.stderrLines()).singleElement().asString().contains("404", "admin/ghost");
    }
  }
}
