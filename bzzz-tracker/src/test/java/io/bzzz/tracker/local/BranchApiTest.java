package io.bzzz.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Branches, and branch creation as the race-safe claim of DESIGN §5. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BranchApiTest {
  TrackerFixture t;

  @BeforeAll
  void start(@TempDir Path dir) {
    t = TrackerFixture.start(dir);
    t.createRepo("b");
  }

  @AfterAll
  void stop() {
    t.close();
  }

  private ApiClient.Reply create(ApiClient client, String name) {
    return client.post("/repos/admin/b/branches", ApiClient.json(Map.of("new_branch_name", name)));
  }

  @Test
  void createFromDefaultBranchThenConflict() {
    String mainSha =
        t.admin.get("/repos/admin/b/branches/main").json().get("commit").get("id").asText();
    ApiClient.Reply r = create(t.admin, "bzzz/task-1");
    assertThat(r.status()).isEqualTo(201);
    JsonNode branch = r.json();
    assertThat(branch.get("name").asText()).isEqualTo("bzzz/task-1");
    assertThat(branch.get("commit").get("id").asText()).isEqualTo(mainSha);
    assertThat(branch.get("commit").get("message").asText()).startsWith("Initial commit");

    ApiClient.Reply again = create(t.admin, "bzzz/task-1");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("message").asText()).isEqualTo("The branch already exists.");
  }

  @Test
  void getWithEncodedOrPlainSlashAndList() {
    create(t.admin, "bzzz/task-2");
    assertThat(t.admin.get("/repos/admin/b/branches/bzzz%2Ftask-2").json().get("name").asText())
        .isEqualTo("bzzz/task-2");
    assertThat(t.admin.get("/repos/admin/b/branches/bzzz/task-2").json().get("name").asText())
        .isEqualTo("bzzz/task-2");
    assertThat(t.admin.get("/repos/admin/b/branches/bzzz/nope").status()).isEqualTo(404);
    ApiClient.Reply list = t.admin.get("/repos/admin/b/branches?limit=50");
    List<String> names = new ArrayList<>();
    list.json().forEach(n -> names.add(n.get("name").asText()));
    assertThat(names).contains("main", "bzzz/task-2");
    assertThat(list.header("X-Total-Count")).contains(Integer.toString(names.size()));
  }

  @Test
  void createFromOldRefOrBranch() {
    create(t.admin, "base-x");
    ApiClient.Reply fromRef =
        t.admin.post(
            "/repos/admin/b/branches",
            "{\"new_branch_name\":\"from-ref\",\"old_ref_name\":\"base-x\"}");
    assertThat(fromRef.status()).isEqualTo(201);
    ApiClient.Reply fromBranch =
        t.admin.post(
            "/repos/admin/b/branches",
            "{\"new_branch_name\":\"from-branch\",\"old_branch_name\":\"main\"}");
    assertThat(fromBranch.status()).isEqualTo(201);
    String sha = fromBranch.json().get("commit").get("id").asText();
    ApiClient.Reply fromSha =
        t.admin.post(
            "/repos/admin/b/branches",
            "{\"new_branch_name\":\"from-sha\",\"old_ref_name\":\"" + sha + "\"}");
    assertThat(fromSha.status()).isEqualTo(201);
    ApiClient.Reply missing =
        t.admin.post(
            "/repos/admin/b/branches",
            "{\"new_branch_name\":\"orphan\",\"old_branch_name\":\"does-not-exist\"}");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(t.admin.get("/repos/admin/b/branches/orphan").status()).isEqualTo(404);
  }

  @Test
  void invalidNamesAndMissingFieldsAre422() {
    for (String name : new String[] {"a..b", "-x", "x.lock", "a b", "x~1", "/x", "x/", ".x"}) {
      assertThat(create(t.admin, name).status()).as(name).isIn(422);
    }
    assertThat(t.admin.post("/repos/admin/b/branches", "{}").status()).isEqualTo(422);
  }

  @Test
  void writeAccessIsNeeded() {
    LocalTracker.UserToken reader = t.tracker.createUser("branch-reader");
    assertThat(create(t.as(reader), "reader-branch").status()).isEqualTo(403);
    assertThat(create(t.anonymous(), "anon-branch").status()).isEqualTo(401);
    assertThat(
            t.anonymous()
                .post("/repos/admin/nothing/branches", "{\"new_branch_name\":\"x\"}")
                .status())
        .isEqualTo(401);
    assertThat(
            t.admin.post("/repos/admin/nothing/branches", "{\"new_branch_name\":\"x\"}").status())
        .isEqualTo(404);
  }

  @Test
  void deleteBranch() {
    create(t.admin, "temp");
    assertThat(t.admin.delete("/repos/admin/b/branches/temp").status()).isEqualTo(204);
    assertThat(t.admin.delete("/repos/admin/b/branches/temp").status()).isEqualTo(404);
    assertThat(t.admin.delete("/repos/admin/b/branches/main").status()).isEqualTo(403);
    assertThat(create(t.admin, "temp").status()).as("can be created again").isEqualTo(201);
  }

  /** Eight claimers create one branch at the same moment: exactly one wins, 20 times over. */
  @Test
  void concurrentCreationHasExactlyOneWinner() throws Exception {
    int claimers = 8;
    List<ApiClient> clients = new ArrayList<>();
    for (int i = 0; i < claimers; i++) {
      LocalTracker.UserToken u = t.tracker.createUser("claimer" + i);
      t.tracker.addCollaborator("admin", "b", u.login());
      clients.add(t.as(u));
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(claimers)) {
      for (int round = 0; round < 20; round++) {
        String branch = "bzzz/task-race-" + round;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (ApiClient client : clients) {
          results.add(
              pool.submit(
                  () -> {
                    go.await();
                    return create(client, branch).status();
                  }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : results) {
          statuses.add(f.get(60, TimeUnit.SECONDS));
        }
        assertThat(statuses).as("round " + round).containsOnly(201, 409);
        assertThat(statuses.stream().filter(s -> s == 201).count())
            .as("round " + round)
            .isEqualTo(1);
        assertThat(t.admin.get("/repos/admin/b/branches/" + branch).status()).isEqualTo(200);
      }
    }
  }
}
