package io.bzzz.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Ref names from requests that point outside the repository ({@code ../../secret}): each is refused
 * with 422 (404 in a path) and nothing of the target file reaches the answer or the log.
 */
class RefNameAttackTest {
  private static final String SECRET = "root:$6$do-not-leak-7f3a9c:19000:0:99999:7:::";

  @TempDir Path dir;
  TrackerFixture t;
  String traversal;
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  Level before;
  ch.qos.logback.core.Appender<ILoggingEvent> console;

  @BeforeEach
  void start() throws Exception {
    Path secret = dir.resolve("shadow");
    Files.writeString(secret, SECRET + "\n");
    before = root.getLevel();
    // Everything down to DEBUG is captured; the console is spared the flood.
    console = root.getAppender("STDERR");
    root.detachAppender(console);
    root.setLevel(Level.DEBUG);
    logs.start();
    root.addAppender(logs);
    t = TrackerFixture.start(dir.resolve("tracker"));
    t.createRepo("g");
    // From refs/heads/ of the bare repository, up and out to the secret file.
    Path heads = t.dir.resolve("repos/admin/g.git/refs/heads");
    traversal = heads.relativize(secret).toString();
    assertThat(heads.resolve(traversal).normalize()).isEqualTo(secret.normalize());
  }

  @AfterEach
  void stop() {
    t.close();
    root.detachAppender(logs);
    if (console != null) {
      root.addAppender(console);
    }
    root.setLevel(before);
  }

  @Test
  void branchCreationFromATraversingRefIsRefusedAndLeaksNothing() {
    for (String field : new String[] {"old_ref_name", "old_branch_name"}) {
      ApiClient.Reply r =
          t.admin.post(
              "/repos/admin/g/branches",
              ApiClient.json(Map.of("new_branch_name", "stolen-" + field, field, traversal)));
      assertThat(r.status()).as(r.toString()).isEqualTo(422);
      assertThat(r.json().get("message").asText()).contains("invalid ref name");
      assertThat(r.body()).doesNotContain("do-not-leak");
    }
    ApiClient.Reply named =
        t.admin.post(
            "/repos/admin/g/branches", ApiClient.json(Map.of("new_branch_name", traversal)));
    assertThat(named.status()).isEqualTo(422);
    assertThat(t.admin.get("/repos/admin/g/branches").json().size()).isEqualTo(1);
    assertNothingLogged();
  }

  @Test
  void otherRefNamesFromRequestsAreCheckedToo() {
    String encoded = URLEncoder.encode(traversal, StandardCharsets.UTF_8);
    assertThat(t.admin.get("/repos/admin/g/branches/" + encoded).status()).isIn(400, 404);
    assertThat(t.admin.delete("/repos/admin/g/branches/" + encoded).status()).isIn(400, 404);
    for (String field : new String[] {"head", "base"}) {
      Map<String, String> body =
          new java.util.HashMap<>(Map.of("title", "t", "head", "main", "base", "main"));
      body.put(field, traversal);
      ApiClient.Reply r = t.admin.post("/repos/admin/g/pulls", ApiClient.json(body));
      assertThat(r.status()).as(field + ": " + r).isEqualTo(422);
    }
    ApiClient.Reply repo =
        t.admin.post(
            "/user/repos", ApiClient.json(Map.of("name", "h", "default_branch", traversal)));
    assertThat(repo.status()).isEqualTo(422);
    assertNothingLogged();
  }

  private void assertNothingLogged() {
    List<ILoggingEvent> events;
    synchronized (logs) { // the appender appends under this lock, from server threads
      events = List.copyOf(logs.list);
    }
    assertThat(events).isNotEmpty();
    for (ILoggingEvent e : events) {
      StringBuilder all = new StringBuilder(e.getFormattedMessage());
      if (e.getKeyValuePairs() != null) {
        e.getKeyValuePairs().forEach(kv -> all.append(' ').append(kv.value));
      }
      for (IThrowableProxy p = e.getThrowableProxy(); p != null; p = p.getCause()) {
        all.append(' ').append(p.getMessage());
      }
      assertThat(all.toString()).doesNotContain("do-not-leak");
    }
  }
}
