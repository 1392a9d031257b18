package io.bzzz.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Pull requests: a branch pushed over HTTP with JGit, then proposed against main. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PullApiTest {
  TrackerFixture t;
  Git git;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    t = TrackerFixture.start(dir.resolve("tracker"));
    t.createRepo("p");
    git =
        GitClient.cloneRepo(t.url() + "/admin/p.git", dir.resolve("clone"), t.tracker.adminToken());
  }

  @AfterAll
  void stop() {
    git.close();
    t.close();
  }

  private void pushBranch(String branch) throws Exception {
    GitClient.commitFile(git, branch, branch.replace('/', '_') + ".txt", "work on " + branch);
    assertThat(GitClient.push(git, branch, t.tracker.adminToken()))
        .isEqualTo(RemoteRefUpdate.Status.OK);
  }

  private ApiClient.Reply open(String head, String title) {
    return t.admin.post(
        "/repos/admin/p/pulls",
        ApiClient.json(Map.of("head", head, "base", "main", "title", title, "body", "Closes #1")));
  }

  @Test
  void createShareNumbersWithIssuesAndRefuseDuplicateHead() throws Exception {
    long issue = t.createIssue("p", "task");
    pushBranch("bzzz/task-" + issue);
    ApiClient.Reply r = open("bzzz/task-" + issue, "Result for #" + issue);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    JsonNode pull = r.json();
    long number = pull.get("number").asLong();
    assertThat(number).as("pulls take the next issue number").isEqualTo(issue + 1);
    assertThat(pull.get("head").get("ref").asText()).isEqualTo("bzzz/task-" + issue);
    assertThat(pull.get("base").get("ref").asText()).isEqualTo("main");
    assertThat(pull.get("head").get("sha").asText()).hasSize(40);
    assertThat(pull.get("state").asText()).isEqualTo("open");
    assertThat(pull.get("merged").asBoolean()).isFalse();
    assertThat(pull.get("body").asText()).isEqualTo("Closes #1");
    assertThat(pull.get("html_url").asText()).isEqualTo(t.url() + "/admin/p/pulls/" + number);

    ApiClient.Reply dup = open("bzzz/task-" + issue, "again");
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.json().get("message").asText()).contains("already exists");

    assertThat(t.admin.get("/repos/admin/p/pulls/" + number).json().get("number").asLong())
        .isEqualTo(number);
    assertThat(t.admin.get("/repos/admin/p/pulls/" + issue).status())
        .as("an issue is not a pull request")
        .isEqualTo(404);

    JsonNode asIssue = t.admin.get("/repos/admin/p/issues/" + number).json();
    assertThat(asIssue.get("pull_request").get("merged").asBoolean()).isFalse();
    JsonNode issuesOnly = t.admin.get("/repos/admin/p/issues?type=issues&state=all").json();
    issuesOnly.forEach(i -> assertThat(i.get("pull_request").isNull()).isTrue());
    JsonNode pulls = t.admin.get("/repos/admin/p/pulls?state=all").json();
    assertThat(pulls).extracting(p -> p.get("number").asLong()).contains(number);

    t.admin.patch("/repos/admin/p/issues/" + number, "{\"state\":\"closed\"}");
    assertThat(open("bzzz/task-" + issue, "reopened").status())
        .as("a closed pull request no longer blocks its head")
        .isEqualTo(201);
  }

  @Test
  void headMustExistDifferFromBaseAndHaveCommits() throws Exception {
    assertThat(open("no-such-branch", "x").status()).isEqualTo(404);
    assertThat(open("main", "x").status()).isEqualTo(422);
    t.admin.post("/repos/admin/p/branches", "{\"new_branch_name\":\"empty-work\"}");
    ApiClient.Reply same = open("empty-work", "nothing");
    assertThat(same.status()).isEqualTo(422);
    assertThat(same.json().get("message").asText()).contains("no changes");
    assertThat(t.admin.post("/repos/admin/p/pulls", "{\"head\":\"x\",\"base\":\"main\"}").status())
        .isEqualTo(422);
    pushBranch("owner-form");
    assertThat(open("admin:owner-form", "owner prefix").status()).isEqualTo(201);
  }

  @Test
  void anonymousCannotOpenPulls() {
    assertThat(
            t.anonymous()
                .post("/repos/admin/p/pulls", "{\"head\":\"x\",\"base\":\"main\",\"title\":\"t\"}")
                .status())
        .isEqualTo(401);
  }

  @Test
  void concurrentPullsForOneHeadHaveOneWinner() throws Exception {
    pushBranch("raced-head");
    int threads = 8;
    List<Future<Integer>> results = new ArrayList<>();
    try (var pool = Executors.newFixedThreadPool(threads)) {
      CountDownLatch go = new CountDownLatch(1);
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return open("raced-head", "race").status();
                }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (var f : results) {
        statuses.add(f.get(120, TimeUnit.SECONDS));
      }
      assertThat(statuses).containsOnly(201, 409);
      assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
    }
  }
}
