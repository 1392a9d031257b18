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
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Issues, their labels, comments and assignees; each test works in a repository of its own. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IssueApiTest {
  TrackerFixture t;

  @BeforeAll
  void start(@TempDir Path dir) {
    t = TrackerFixture.start(dir);
  }

  @AfterAll
  void stop() {
    t.close();
  }

  private static List<Long> numbers(JsonNode list) {
    List<Long> out = new ArrayList<>();
    list.forEach(n -> out.add(n.get("number").asLong()));
    return out;
  }

  @Test
  void createGetAndShape() {
    t.createRepo("shape");
    long bug = t.createLabel("shape", "bug");
    ApiClient.Reply r =
        t.admin.post(
            "/repos/admin/shape/issues",
            ApiClient.json(
                Map.of(
                    "title",
                    "Fix it",
                    "body",
                    "details",
                    "labels",
                    List.of(bug),
                    "assignees",
                    List.of("admin"))));
    assertThat(r.status()).isEqualTo(201);
    JsonNode issue = r.json();
    assertThat(issue.get("number").asLong()).isEqualTo(1);
    assertThat(issue.get("title").asText()).isEqualTo("Fix it");
    assertThat(issue.get("body").asText()).isEqualTo("details");
    assertThat(issue.get("state").asText()).isEqualTo("open");
    assertThat(issue.get("user").get("login").asText()).isEqualTo("admin");
    assertThat(issue.get("labels").get(0).get("name").asText()).isEqualTo("bug");
    assertThat(issue.get("labels").get(0).get("color").asText()).isEqualTo("ee0701");
    assertThat(issue.get("assignees").get(0).get("login").asText()).isEqualTo("admin");
    assertThat(issue.get("assignee").get("login").asText()).isEqualTo("admin");
    assertThat(issue.get("pull_request").isNull()).isTrue();
    assertThat(issue.get("comments").asInt()).isZero();
    assertThat(issue.get("created_at").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(issue.get("closed_at").isNull()).isTrue();

    JsonNode got = t.admin.get("/repos/admin/shape/issues/1").json();
    assertThat(got).isEqualTo(issue);
    assertThat(t.admin.get("/repos/admin/shape/issues/2").status()).isEqualTo(404);
    assertThat(t.admin.get("/repos/admin/shape/issues/abc").status()).isEqualTo(404);

    JsonNode plain =
        t.admin.get("/repos/admin/shape/issues/" + t.createIssue("shape", "plain")).json();
    assertThat(plain.get("assignees").isNull()).as("Gitea sends null for no assignees").isTrue();
    assertThat(plain.get("labels")).isEmpty();
  }

  @Test
  void titleIsRequired() {
    t.createRepo("titles");
    assertThat(t.admin.post("/repos/admin/titles/issues", "{\"body\":\"x\"}").status())
        .isEqualTo(422);
    assertThat(t.admin.post("/repos/admin/titles/issues", "{\"title\":\"  \"}").status())
        .isEqualTo(422);
  }

  @Test
  void invalidLabelIdsAre422AndNothingIsCreated() {
    t.createRepo("badlabels");
    t.createRepo("otherrepo");
    long foreign = t.createLabel("otherrepo", "foreign");
    ApiClient.Reply r =
        t.admin.post(
            "/repos/admin/badlabels/issues",
            ApiClient.json(Map.of("title", "x", "labels", List.of(9999))));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("message").asText()).contains("9999");
    assertThat(
            t.admin
                .post(
                    "/repos/admin/badlabels/issues",
                    ApiClient.json(Map.of("title", "x", "labels", List.of(foreign))))
                .status())
        .as("a label of another repository")
        .isEqualTo(422);
    assertThat(t.admin.get("/repos/admin/badlabels/issues?state=all").json()).isEmpty();
  }

  @Test
  void editAnswers201AndClosesAndReopens() {
    t.createRepo("edits");
    long n = t.createIssue("edits", "before");
    ApiClient.Reply r =
        t.admin.patch(
            "/repos/admin/edits/issues/" + n,
            ApiClient.json(Map.of("title", "after", "body", "new body", "state", "closed")));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().get("title").asText()).isEqualTo("after");
    assertThat(r.json().get("body").asText()).isEqualTo("new body");
    assertThat(r.json().get("state").asText()).isEqualTo("closed");
    assertThat(r.json().get("closed_at").isNull()).isFalse();
    assertThat(t.admin.get("/repos/admin/edits/issues").json()).isEmpty();
    assertThat(numbers(t.admin.get("/repos/admin/edits/issues?state=closed").json()))
        .containsExactly(n);

    ApiClient.Reply reopened =
        t.admin.patch("/repos/admin/edits/issues/" + n, "{\"state\":\"open\"}");
    assertThat(reopened.json().get("state").asText()).isEqualTo("open");
    assertThat(reopened.json().get("title").asText())
        .as("untouched fields stay")
        .isEqualTo("after");
    assertThat(t.admin.patch("/repos/admin/edits/issues/" + n, "{\"state\":\"gone\"}").status())
        .isEqualTo(422);
    assertThat(t.admin.patch("/repos/admin/edits/issues/99", "{\"title\":\"x\"}").status())
        .isEqualTo(404);
  }

  @Test
  void assigneesAreSetByEditAndUnknownUsersAre422() {
    t.createRepo("assign");
    t.tracker.createUser("worker");
    t.tracker.addCollaborator("admin", "assign", "worker");
    long n = t.createIssue("assign", "task");
    ApiClient.Reply r =
        t.admin.patch(
            "/repos/admin/assign/issues/" + n,
            ApiClient.json(Map.of("assignees", List.of("worker"))));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().get("assignees").get(0).get("login").asText()).isEqualTo("worker");
    assertThat(
            t.admin
                .patch(
                    "/repos/admin/assign/issues/" + n,
                    ApiClient.json(Map.of("assignees", List.of("ghost"))))
                .status())
        .isEqualTo(422);
    assertThat(
            t.admin
                .get("/repos/admin/assign/issues/" + n)
                .json()
                .get("assignees")
                .get(0)
                .get("login")
                .asText())
        .as("a refused edit changes nothing")
        .isEqualTo("worker");
    JsonNode cleared =
        t.admin.patch("/repos/admin/assign/issues/" + n, "{\"assignees\":[]}").json();
    assertThat(cleared.get("assignees").isNull()).isTrue();
  }

  @Test
  void readersMayOpenIssuesButNotEditOthers() {
    t.createRepo("perm");
    LocalTracker.UserToken reader = t.tracker.createUser("reader");
    long label = t.createLabel("perm", "bug");
    ApiClient.Reply own =
        t.as(reader)
            .post(
                "/repos/admin/perm/issues",
                ApiClient.json(Map.of("title", "mine", "labels", List.of(label))));
    assertThat(own.status()).isEqualTo(201);
    assertThat(own.json().get("labels")).as("labels need write, as in Gitea").isEmpty();
    long mine = own.json().get("number").asLong();
    assertThat(
            t.as(reader).patch("/repos/admin/perm/issues/" + mine, "{\"title\":\"ok\"}").status())
        .isEqualTo(201);
    long theirs = t.createIssue("perm", "admin's");
    assertThat(
            t.as(reader).patch("/repos/admin/perm/issues/" + theirs, "{\"title\":\"no\"}").status())
        .isEqualTo(403);
    assertThat(
            t.as(reader)
                .post(
                    "/repos/admin/perm/issues/" + theirs + "/labels",
                    "{\"labels\":[" + label + "]}")
                .status())
        .isEqualTo(403);
    assertThat(
            t.as(reader)
                .post("/repos/admin/perm/labels", "{\"name\":\"x\",\"color\":\"#000000\"}")
                .status())
        .isEqualTo(403);
  }

  @Test
  void listFiltersByStateLabelsAndType() {
    t.createRepo("filters");
    long task = t.createLabel("filters", "bzzz-task");
    long gpu = t.createLabel("filters", "needs:gpu");
    long a = t.createIssue("filters", "a", task);
    long b = t.createIssue("filters", "b", task, gpu);
    long c = t.createIssue("filters", "c");
    long d = t.createIssue("filters", "d", task);
    t.admin.patch("/repos/admin/filters/issues/" + d, "{\"state\":\"closed\"}");

    assertThat(numbers(t.admin.get("/repos/admin/filters/issues").json()))
        .as("open by default, newest first")
        .containsExactly(c, b, a);
    assertThat(numbers(t.admin.get("/repos/admin/filters/issues?labels=bzzz-task").json()))
        .containsExactly(b, a);
    assertThat(
            numbers(t.admin.get("/repos/admin/filters/issues?labels=bzzz-task,needs:gpu").json()))
        .as("every named label must be on the issue")
        .containsExactly(b);
    assertThat(
            numbers(t.admin.get("/repos/admin/filters/issues?labels=bzzz-task&state=all").json()))
        .containsExactly(d, b, a);
    assertThat(numbers(t.admin.get("/repos/admin/filters/issues?labels=no-such-label").json()))
        .as("Gitea ignores label names the repository does not have")
        .containsExactly(c, b, a);
    assertThat(numbers(t.admin.get("/repos/admin/filters/issues?type=pulls").json())).isEmpty();
    JsonNode repo = t.admin.get("/repos/admin/filters").json();
    assertThat(repo.get("open_issues_count").asInt()).isEqualTo(3);
    assertThat(repo.get("open_pr_counter").asInt()).isZero();
    assertThat(numbers(t.admin.get("/repos/admin/filters/issues?type=issues").json()))
        .containsExactly(c, b, a);
  }

  @Test
  void pagingHasLinkAndTotalCountAndCapsLimitAt50() {
    t.createRepo("paging");
    for (int i = 0; i < 7; i++) {
      t.createIssue("paging", "issue " + i);
    }
    ApiClient.Reply first = t.admin.get("/repos/admin/paging/issues?limit=3&state=open");
    assertThat(first.header("X-Total-Count")).contains("7");
    assertThat(numbers(first.json())).containsExactly(7L, 6L, 5L);
    String link = first.header("Link").orElseThrow();
    assertThat(link)
        .contains(
            "<"
                + t.url()
                + "/api/v1/repos/admin/paging/issues?state=open&limit=3&page=2>; rel=\"next\"")
        .contains("page=3>; rel=\"last\"")
        .doesNotContain("rel=\"prev\"");

    ApiClient.Reply last = t.admin.get("/repos/admin/paging/issues?limit=3&page=3");
    assertThat(numbers(last.json())).containsExactly(1L);
    assertThat(last.header("Link").orElseThrow())
        .contains("rel=\"first\"")
        .contains("page=2>; rel=\"prev\"")
        .doesNotContain("rel=\"next\"");
    assertThat(t.admin.get("/repos/admin/paging/issues?limit=3&page=9").json()).isEmpty();

    for (int i = 0; i < 50; i++) {
      t.createIssue("paging", "more " + i);
    }
    ApiClient.Reply capped = t.admin.get("/repos/admin/paging/issues?limit=500");
    assertThat(capped.json()).hasSize(50);
    assertThat(capped.header("X-Total-Count")).contains("57");
    assertThat(t.admin.get("/repos/admin/paging/issues").json()).as("default limit").hasSize(30);
    assertThat(t.admin.get("/repos/admin/paging/issues?limit=x").status()).isEqualTo(422);
  }

  @Test
  void issueLabelsAddReplaceRemoveAndClear() {
    t.createRepo("il");
    long bug = t.createLabel("il", "bug");
    long claimed = t.createLabel("il", "bzzz-claimed");
    long done = t.createLabel("il", "bzzz-done");
    long n = t.createIssue("il", "x", bug);
    String path = "/repos/admin/il/issues/" + n + "/labels";

    ApiClient.Reply added = t.admin.post(path, "{\"labels\":[" + claimed + "]}");
    assertThat(added.status()).isEqualTo(200);
    assertThat(added.json())
        .extracting(l -> l.get("name").asText())
        .containsExactly("bug", "bzzz-claimed");
    assertThat(t.admin.post(path, "{\"labels\":[" + claimed + "]}").json())
        .as("adding twice is harmless")
        .hasSize(2);

    ApiClient.Reply bad = t.admin.post(path, "{\"labels\":[" + done + ",424242]}");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(t.admin.get(path).json()).as("a refused change changes nothing").hasSize(2);

    ApiClient.Reply replaced = t.admin.put(path, "{\"labels\":[" + done + "]}");
    assertThat(replaced.json())
        .extracting(l -> l.get("name").asText())
        .containsExactly("bzzz-done");
    assertThat(t.admin.delete(path + "/" + done).status()).isEqualTo(204);
    assertThat(t.admin.get(path).json()).isEmpty();
    assertThat(t.admin.delete(path + "/424242").status()).isEqualTo(422);
    t.admin.post(path, "{\"labels\":[" + bug + "," + claimed + "]}");
    assertThat(t.admin.delete(path).status()).isEqualTo(204);
    assertThat(t.admin.get(path).json()).isEmpty();
    assertThat(t.admin.post("/repos/admin/il/issues/77/labels", "{\"labels\":[]}").status())
        .isEqualTo(404);
    assertThat(t.admin.post(path, "{\"labels\":[\"no-such-name\"]}").status()).isEqualTo(422);
    assertThat(t.admin.post(path, "{\"labels\":[{}]}").status()).isEqualTo(422);
    ApiClient.Reply byName = t.admin.post(path, "{\"labels\":[\"bzzz-done\"]}");
    assertThat(byName.status()).isEqualTo(200);
    assertThat(byName.json()).extracting(l -> l.get("name").asText()).containsExactly("bzzz-done");
  }

  @Test
  void commentsAreListedOldestFirstAndCounted() {
    t.createRepo("comments");
    long n = t.createIssue("comments", "talk");
    String path = "/repos/admin/comments/issues/" + n + "/comments";
    ApiClient.Reply first = t.admin.post(path, "{\"body\":\"claimed by agent-1\"}");
    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().get("body").asText()).isEqualTo("claimed by agent-1");
    assertThat(first.json().get("user").get("login").asText()).isEqualTo("admin");
    assertThat(first.json().get("issue_url").asText()).endsWith("/admin/comments/issues/" + n);
    t.admin.post(path, "{\"body\":\"done\"}");
    assertThat(t.admin.get(path).json())
        .extracting(c -> c.get("body").asText())
        .containsExactly("claimed by agent-1", "done");
    assertThat(t.admin.get("/repos/admin/comments/issues/" + n).json().get("comments").asInt())
        .isEqualTo(2);
    assertThat(t.admin.post(path, "{\"body\":\"\"}").status()).isEqualTo(422);
    assertThat(t.anonymous().post(path, "{\"body\":\"x\"}").status()).isEqualTo(401);
    assertThat(t.admin.get("/repos/admin/comments/issues/55/comments").status()).isEqualTo(404);
  }

  @Test
  void labelsListCreateGet() {
    t.createRepo("labels");
    ApiClient.Reply created =
        t.admin.post(
            "/repos/admin/labels/labels",
            "{\"name\":\"help wanted\",\"color\":\"128A0C\",\"description\":\"need help\"}");
    assertThat(created.status()).isEqualTo(201);
    long id = created.json().get("id").asLong();
    assertThat(created.json().get("color").asText()).isEqualTo("128a0c");
    assertThat(t.admin.get("/repos/admin/labels/labels/" + id).json().get("description").asText())
        .isEqualTo("need help");
    assertThat(t.admin.get("/repos/admin/labels/labels/999").status()).isEqualTo(404);
    assertThat(
            t.admin
                .post("/repos/admin/labels/labels", "{\"name\":\"x\",\"color\":\"red\"}")
                .status())
        .isEqualTo(422);
    assertThat(t.admin.post("/repos/admin/labels/labels", "{\"color\":\"#ffffff\"}").status())
        .isEqualTo(422);
    ApiClient.Reply list = t.admin.get("/repos/admin/labels/labels");
    assertThat(list.json()).extracting(l -> l.get("name").asText()).containsExactly("help wanted");
    assertThat(list.header("X-Total-Count")).contains("1");
  }

  @Test
  void concurrentCreationsGetDistinctConsecutiveNumbers() throws Exception {
    t.createRepo("numbers");
    int threads = 8;
    int each = 15;
    List<Future<List<Long>>> results = new ArrayList<>();
    try (var pool = Executors.newFixedThreadPool(threads)) {
      CountDownLatch go = new CountDownLatch(1);
      for (int w = 0; w < threads; w++) {
        int worker = w;
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  List<Long> mine = new ArrayList<>();
                  for (int i = 0; i < each; i++) {
                    mine.add(t.createIssue("numbers", "w" + worker + " #" + i));
                  }
                  return mine;
                }));
      }
      go.countDown();
      List<Long> all = new ArrayList<>();
      for (var f : results) {
        all.addAll(f.get(120, TimeUnit.SECONDS));
      }
      assertThat(all)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(
              LongStream.rangeClosed(1, (long) threads * each).boxed().toList());
    }
    assertThat(t.admin.get("/repos/admin/numbers/issues?limit=1").header("X-Total-Count"))
        .contains(Integer.toString(threads * each));
  }
}
