package io.bzzz.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Git smart HTTP with the real git command and with JGit: clone, fetch, push, and refusals. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GitHttpTest {
  TrackerFixture t;
  Path home;
  Path work;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    t = TrackerFixture.start(dir.resolve("tracker"));
    home = Files.createDirectories(dir.resolve("home"));
    work = Files.createDirectories(dir.resolve("work"));
    t.createRepo("g");
    assertThat(
            t.admin
                .post(
                    "/user/repos",
                    ApiClient.json(Map.of("name", "hidden", "private", true, "auto_init", true)))
                .status())
        .isEqualTo(201);
  }

  @AfterAll
  void stop() {
    t.close();
  }

  private String remote(String repo) {
    return t.url() + "/admin/" + repo + ".git";
  }

  private String sha(String repo, String branch) {
    return t.admin
        .get("/repos/admin/" + repo + "/branches/" + branch)
        .json()
        .get("commit")
        .get("id")
        .asText();
  }

  @Test
  void gitCliClonesAnonymouslyAndPushesWithToken() throws Exception {
    GitCli anon = GitCli.anonymous(home);
    GitCli.Result clone = anon.run(work, "clone", remote("g"), "cli-clone");
    assertThat(clone.exit()).as(clone.output()).isZero();
    Path dir = work.resolve("cli-clone");
    assertThat(dir.resolve("README.md")).exists();

    Files.writeString(dir.resolve("result.txt"), "done\n");
    assertThat(anon.run(dir, "checkout", "-b", "bzzz/task-7").exit()).isZero();
    assertThat(anon.run(dir, "add", "result.txt").exit()).isZero();
    assertThat(anon.run(dir, "commit", "-m", "result").exit()).isZero();

    GitCli.Result refused = anon.run(dir, "push", "origin", "bzzz/task-7");
    assertThat(refused.exit()).as("push without a token").isNotZero();
    assertThat(t.admin.get("/repos/admin/g/branches/bzzz/task-7").status()).isEqualTo(404);

    GitCli.Result wrong =
        GitCli.withToken(home, "f".repeat(40)).run(dir, "push", "origin", "bzzz/task-7");
    assertThat(wrong.exit()).as("push with a wrong token").isNotZero();

    String token = t.tracker.adminToken();
    GitCli.Result pushed = GitCli.withToken(home, token).run(dir, "push", "origin", "bzzz/task-7");
    assertThat(pushed.exit()).as(pushed.output()).isZero();
    assertThat(pushed.output()).doesNotContain(token);
    String local = anon.run(dir, "rev-parse", "HEAD").output().strip();
    assertThat(sha("g", "bzzz/task-7")).isEqualTo(local);

    Files.writeString(dir.resolve("result.txt"), "done again\n");
    anon.run(dir, "commit", "-am", "more");
    GitCli.Result tokenHeader =
        GitCli.withTokenHeader(home, token).run(dir, "push", "origin", "bzzz/task-7");
    assertThat(tokenHeader.exit()).as(tokenHeader.output()).isZero();
  }

  @Test
  void gitCliFetchSeesBranchesCreatedThroughTheApi() {
    GitCli anon = GitCli.anonymous(home);
    assertThat(anon.run(work, "clone", remote("g"), "fetcher").exit()).isZero();
    assertThat(
            t.admin
                .post("/repos/admin/g/branches", "{\"new_branch_name\":\"bzzz/task-9\"}")
                .status())
        .isEqualTo(201);
    Path dir = work.resolve("fetcher");
    GitCli.Result fetch = anon.run(dir, "fetch", "origin");
    assertThat(fetch.exit()).as(fetch.output()).isZero();
    assertThat(anon.run(dir, "rev-parse", "origin/bzzz/task-9").output().strip())
        .isEqualTo(sha("g", "bzzz/task-9"));
  }

  @Test
  void readersCannotPush() throws Exception {
    LocalTracker.UserToken reader = t.tracker.createUser("git-reader");
    GitCli cli = GitCli.withToken(home, reader.token());
    assertThat(cli.run(work, "clone", remote("g"), "reader-clone").exit()).isZero();
    Path dir = work.resolve("reader-clone");
    Files.writeString(dir.resolve("x.txt"), "x");
    cli.run(dir, "add", "x.txt");
    cli.run(dir, "commit", "-m", "x");
    GitCli.Result push = cli.run(dir, "push", "origin", "HEAD:refs/heads/reader-branch");
    assertThat(push.exit()).isNotZero();
    assertThat(push.output()).contains("403");
    assertThat(t.admin.get("/repos/admin/g/branches/reader-branch").status()).isEqualTo(404);
  }

  @Test
  void privateRepositoriesNeedAToken() {
    GitCli.Result anon = GitCli.anonymous(home).run(work, "clone", remote("hidden"), "anon-hidden");
    assertThat(anon.exit()).isNotZero();
    GitCli.Result ok =
        GitCli.withToken(home, t.tracker.adminToken())
            .run(work, "clone", remote("hidden"), "hidden");
    assertThat(ok.exit()).as(ok.output()).isZero();
  }

  @Test
  void jgitPushNeedsCredentials() throws Exception {
    try (Git git = GitClient.cloneRepo(remote("g"), work.resolve("jgit"), t.tracker.adminToken())) {
      GitClient.commitFile(git, "jgit-branch", "j.txt", "jgit");
      assertThatThrownBy(() -> git.push().setRemote("origin").add("jgit-branch").call())
          .isInstanceOf(TransportException.class);
      assertThat(GitClient.push(git, "jgit-branch", t.tracker.adminToken()))
          .isEqualTo(RemoteRefUpdate.Status.OK);
      assertThat(sha("g", "jgit-branch"))
          .isEqualTo(git.getRepository().resolve("refs/heads/jgit-branch").name());
    }
  }

  @Test
  void unknownOrTraversingGitPathsAreRefused() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String path :
        new String[] {
          "/admin/none.git/info/refs?service=git-upload-pack",
          "/admin/..%2F..%2Fetc.git/info/refs?service=git-upload-pack",
          "/admin/%2e%2e.git/info/refs?service=git-upload-pack",
          "/%2e%2e/g.git/info/refs?service=git-upload-pack",
          "/admin/g/info/refs?service=git-upload-pack",
        }) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(t.url() + path)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(path).isIn(400, 404);
    }
    HttpResponse<String> ok =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(t.url() + "/admin/g.git/info/refs?service=git-upload-pack"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
    HttpResponse<String> push =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(t.url() + "/admin/g.git/info/refs?service=git-receive-pack"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(push.statusCode()).isEqualTo(401);
    assertThat(push.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
  }
}
