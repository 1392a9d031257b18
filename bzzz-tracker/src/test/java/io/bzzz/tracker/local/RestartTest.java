package io.bzzz.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker is stopped and started again while a client keeps writing: everything the client was
 * told had succeeded (issue, comment, claim branch, push) is there afterwards.
 */
class RestartTest {
  @TempDir Path dir;

  record Acked(long issue, String title, long commentId, String branch) {}

  @Test
  void restartInTheMiddleOfARunLosesNothingAcknowledged() throws Exception {
    Path data = dir.resolve("data");
    TrackerFixture first = TrackerFixture.start(data);
    int port = URI.create(first.url()).getPort();
    String token = first.tracker.adminToken();
    first.createRepo("run");
    long taskLabel = first.createLabel("run", "bzzz-task");
    ApiClient client = ApiClient.withToken(first.url(), token);

    List<Acked> acked = new CopyOnWriteArrayList<>();
    Map<String, String> pushed = new ConcurrentHashMap<>();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread writer =
        Thread.ofVirtual()
            .start(
                () -> {
                  int i = 0;
                  while (running.get()) {
                    i++;
                    try {
                      acked.add(oneTask(client, "task " + i, taskLabel));
                    } catch (UncheckedIOException | IllegalStateException e) {
                      // The server is down or went down mid-request: not acknowledged, go on.
                      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                    }
                  }
                });

    try (Git git =
        GitClient.cloneRepo(first.url() + "/admin/run.git", dir.resolve("clone"), token)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= 5);
      String before = GitClient.commitFile(git, "pushed-before", "a.txt", "before restart");
      assertThat(GitClient.push(git, "pushed-before", token)).isEqualTo(RemoteRefUpdate.Status.OK);
      pushed.put("pushed-before", before);

      first.close();
      int ackedWhileDown = acked.size();
      TrackerFixture second =
          TrackerFixture.start(LocalTrackerConfig.of(data).withListen("127.0.0.1", port));
      try {
        assertThat(second.tracker.adminToken()).as("the admin token survives").isEqualTo(token);
        await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= ackedWhileDown + 5);
        String after = GitClient.commitFile(git, "pushed-after", "b.txt", "after restart");
        assertThat(GitClient.push(git, "pushed-after", token)).isEqualTo(RemoteRefUpdate.Status.OK);
        pushed.put("pushed-after", after);
        running.set(false);
        writer.join(Duration.ofSeconds(60));

        verify(second, List.copyOf(acked), pushed);
      } finally {
        running.set(false);
        second.close();
      }
    }
  }

  @Test
  void aRefLockLeftByAKilledTrackerDoesNotBlockThatBranchAfterTheRestart() throws Exception {
    Path data = dir.resolve("data");
    TrackerFixture first = TrackerFixture.start(data);
    int port = URI.create(first.url()).getPort();
    String token = first.tracker.adminToken();
    first.createRepo("locked");
    try (Git git =
        GitClient.cloneRepo(first.url() + "/admin/locked.git", dir.resolve("clone"), token)) {
      GitClient.commitFile(git, "bzzz/task-1", "a.txt", "one");
      assertThat(GitClient.push(git, "bzzz/task-1", token)).isEqualTo(RemoteRefUpdate.Status.OK);
      first.close();
      // What a SIGKILL between JGit's taking a ref's lock and its rename leaves on disk.
      Path lock = data.resolve("repos/admin/locked.git/refs/heads/bzzz/task-1.lock");
      Files.writeString(lock, "0".repeat(40) + "\n");

      TrackerFixture second =
          TrackerFixture.start(LocalTrackerConfig.of(data).withListen("127.0.0.1", port));
      try {
        GitClient.commitFile(git, "bzzz/task-1", "b.txt", "two");
        assertThat(GitClient.push(git, "bzzz/task-1", token))
            .as("a push to the branch whose lock was left behind")
            .isEqualTo(RemoteRefUpdate.Status.OK);
        assertThat(lock).doesNotExist();
      } finally {
        second.close();
      }
    }
  }

  /**
   * A push cut off by a SIGKILL after JGit moved the received pack into {@code objects/pack} but
   * before it moved the pack's index there (seen in a chaos run): the pack has no index, the index
   * is still an {@code incoming_*.idx}, and the ref was never updated, so the push was never
   * acknowledged. The client pushes the same commit again; the new pack has the same name as the
   * orphan, JGit keeps the orphan, and without the start-up repair every later push of that commit
   * is refused with "object ... missing".
   */
  @Test
  void aPackLeftWithoutItsIndexByAKilledPushIsDroppedSoThePushSucceedsAfterTheRestart()
      throws Exception {
    Path data = dir.resolve("data");
    TrackerFixture first = TrackerFixture.start(data);
    int port = URI.create(first.url()).getPort();
    String token = first.tracker.adminToken();
    first.createRepo("killed");
    Path repo = data.resolve("repos/admin/killed.git");
    Path packs = repo.resolve("objects/pack");
    try (Git git =
        GitClient.cloneRepo(first.url() + "/admin/killed.git", dir.resolve("clone"), token)) {
      String sha = GitClient.commitFile(git, "bzzz/task-1", "a.txt", "the finished work");
      Set<Path> before = packFiles(packs);
      assertThat(GitClient.push(git, "bzzz/task-1", token)).isEqualTo(RemoteRefUpdate.Status.OK);
      first.close();
      Set<Path> received = packFiles(packs);
      received.removeAll(before);
      Path pack =
          received.stream()
              .filter(p -> p.getFileName().toString().endsWith(".pack"))
              .findFirst()
              .orElseThrow();
      String base = pack.getFileName().toString().replace(".pack", "");
      // Roll the disk back to the moment of the kill: the index not yet moved, the ref not written.
      Path incomingIndex = repo.resolve("objects/incoming_4242.idx");
      Files.move(packs.resolve(base + ".idx"), incomingIndex);
      Files.deleteIfExists(packs.resolve(base + ".bitmap"));
      Files.delete(repo.resolve("refs/heads/bzzz/task-1"));

      TrackerFixture second =
          TrackerFixture.start(LocalTrackerConfig.of(data).withListen("127.0.0.1", port));
      try {
        assertThat(GitClient.push(git, "bzzz/task-1", token))
            .as("the same push again after the restart")
            .isEqualTo(RemoteRefUpdate.Status.OK);
        assertThat(
                second
                    .admin
                    .get("/repos/admin/killed/branches/bzzz/task-1")
                    .json()
                    .get("commit")
                    .get("id")
                    .asText())
            .isEqualTo(sha);
        assertThat(incomingIndex).doesNotExist();
      } finally {
        second.close();
      }
    }
  }

  /** A damaged disk: a branch whose ref names an object the repository does not have. */
  @Test
  void aRefNamingAMissingObjectIsDroppedAtStartSoTheBranchCanBeMadeAgain() throws Exception {
    Path data = dir.resolve("data");
    TrackerFixture first = TrackerFixture.start(data);
    int port = URI.create(first.url()).getPort();
    first.createRepo("damaged");
    first.close();
    Path ref = data.resolve("repos/admin/damaged.git/refs/heads/bzzz/task-7");
    Files.createDirectories(ref.getParent());
    Files.writeString(ref, "cb3f5a3b64157752d46ba63ad2d93a969c044455\n");

    TrackerFixture second =
        TrackerFixture.start(LocalTrackerConfig.of(data).withListen("127.0.0.1", port));
    try {
      assertThat(ref).doesNotExist();
      assertThat(second.admin.get("/repos/admin/damaged/branches/bzzz/task-7").status())
          .isEqualTo(404);
      assertThat(
              second
                  .admin
                  .post(
                      "/repos/admin/damaged/branches",
                      ApiClient.json(Map.of("new_branch_name", "bzzz/task-7")))
                  .status())
          .as("the branch can be claimed again")
          .isEqualTo(201);
      assertThat(second.admin.get("/repos/admin/damaged/branches/main").status())
          .as("the other branches are untouched")
          .isEqualTo(200);
    } finally {
      second.close();
    }
  }

  private static Set<Path> packFiles(Path packs) throws java.io.IOException {
    try (var files = Files.list(packs)) {
      return new HashSet<>(files.toList());
    }
  }

  /**
   * Files an issue, claims it with a branch and comments, like an agent; returns what was acked.
   */
  private static Acked oneTask(ApiClient client, String title, long label) {
    ApiClient.Reply issue =
        client.post(
            "/repos/admin/run/issues",
            ApiClient.json(Map.of("title", title, "labels", List.of(label))));
    if (issue.status() != 201) {
      throw new IllegalStateException("issue not created: " + issue);
    }
    long number = issue.json().get("number").asLong();
    String branch = "bzzz/task-" + number;
    ApiClient.Reply claim =
        client.post("/repos/admin/run/branches", ApiClient.json(Map.of("new_branch_name", branch)));
    if (claim.status() != 201) {
      throw new IllegalStateException("claim failed: " + claim);
    }
    ApiClient.Reply comment =
        client.post(
            "/repos/admin/run/issues/" + number + "/comments",
            ApiClient.json(Map.of("body", "claimed " + branch)));
    if (comment.status() != 201) {
      throw new IllegalStateException("comment failed: " + comment);
    }
    return new Acked(number, title, comment.json().get("id").asLong(), branch);
  }

  private static void verify(TrackerFixture t, List<Acked> acked, Map<String, String> pushed) {
    assertThat(acked).hasSizeGreaterThanOrEqualTo(10);
    Set<Long> numbers = new HashSet<>();
    for (Acked a : acked) {
      assertThat(numbers.add(a.issue())).as("issue numbers are unique").isTrue();
      JsonNode issue = t.admin.get("/repos/admin/run/issues/" + a.issue()).json();
      assertThat(issue.get("title").asText()).isEqualTo(a.title());
      assertThat(issue.get("labels").get(0).get("name").asText()).isEqualTo("bzzz-task");
      JsonNode comments = t.admin.get("/repos/admin/run/issues/" + a.issue() + "/comments").json();
      List<Long> ids = new ArrayList<>();
      comments.forEach(c -> ids.add(c.get("id").asLong()));
      assertThat(ids).contains(a.commentId());
      assertThat(t.admin.get("/repos/admin/run/branches/" + a.branch()).status()).isEqualTo(200);
      assertThat(
              t.admin
                  .post(
                      "/repos/admin/run/branches",
                      ApiClient.json(Map.of("new_branch_name", a.branch())))
                  .status())
          .as("a claim made before the restart still holds")
          .isEqualTo(409);
    }
    pushed.forEach(
        (branch, sha) ->
            assertThat(
                    t.admin
                        .get("/repos/admin/run/branches/" + branch)
                        .json()
                        .get("commit")
                        .get("id")
                        .asText())
                .isEqualTo(sha));
  }
}
