package io.bzzz.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on push permission against the real server: a read-only user tries to rewrite {@code
 * main} and delete the claim ref {@code bzzz/task-1} through URL tricks and a real JGit push; a
 * writer tries to delete or rewind a claim. Every refusal is checked on the refs themselves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GitPushAccessTest {
  private final HttpClient http = HttpClient.newHttpClient();
  TrackerFixture t;
  Path work;
  LocalTracker.UserToken reader;
  LocalTracker.UserToken writer;

  @BeforeAll
  void start(@TempDir Path dir) {
    t = TrackerFixture.start(dir.resolve("tracker"));
    work = dir.resolve("work");
    t.createRepo("g");
    reader = t.tracker.createUser("reader");
    writer = t.tracker.createUser("writer");
    t.tracker.addCollaborator("admin", "g", "writer");
  }

  @AfterAll
  void stop() {
    t.close();
  }

  /** Every ref of {@code admin/<repo>}, read from the bare repository on disk. */
  private Map<String, String> refs(String repo) {
    try (Repository git =
        new FileRepositoryBuilder()
            .setGitDir(t.dir.resolve("repos/admin/" + repo + ".git").toFile())
            .setMustExist(true)
            .build()) {
      Map<String, String> out = new TreeMap<>();
      for (Ref r : git.getRefDatabase().getRefs()) {
        out.put(r.getName(), r.getObjectId().name());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A repository with a second commit on main and a claim branch at the first. */
  private Map<String, String> prepare(String repo) throws Exception {
    t.createRepo(repo);
    t.tracker.addCollaborator("admin", repo, "writer");
    try (Git git =
        GitClient.cloneRepo(remote(repo), work.resolve("prep-" + repo), t.tracker.adminToken())) {
      GitClient.commitFile(git, "main", "second.txt", "second");
      assertThat(GitClient.push(git, "main", t.tracker.adminToken()))
          .isEqualTo(RemoteRefUpdate.Status.OK);
    }
    assertThat(
            t.admin
                .post(
                    "/repos/admin/" + repo + "/branches",
                    "{\"new_branch_name\":\"bzzz/task-1\",\"old_ref_name\":\"main\"}")
                .status())
        .isEqualTo(201);
    return refs(repo);
  }

  private String remote(String repo) {
    return t.url() + "/admin/" + repo + ".git";
  }

  private static String basic(String token) {
    return "Basic "
        + Base64.getEncoder().encodeToString(("x:" + token).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A receive-pack request body that rewinds main to its parent and deletes the claim: two
   * commands, a flush, and an empty pack (every object it needs exists already).
   */
  private static byte[] rewindAndDeleteClaim(Map<String, String> refs, String mainParent)
      throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    pkt(
        body,
        refs.get("refs/heads/main")
            + " "
            + mainParent
            + " refs/heads/main\0report-status delete-refs\n");
    pkt(
        body,
        refs.get("refs/heads/bzzz/task-1")
            + " "
            + ObjectId.zeroId().name()
            + " refs/heads/bzzz/task-1\n");
    body.write("0000".getBytes(StandardCharsets.US_ASCII));
    byte[] header = {'P', 'A', 'C', 'K', 0, 0, 0, 2, 0, 0, 0, 0};
    body.write(header);
    body.write(MessageDigest.getInstance("SHA-1").digest(header));
    return body.toByteArray();
  }

  private static void pkt(ByteArrayOutputStream out, String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(String.format("%04x", bytes.length + 4).getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(bytes);
  }

  private HttpResponse<String> post(String path, String token, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(t.url() + path))
            .header("Authorization", basic(token))
            .header("Content-Type", "application/x-git-receive-pack-request")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(t.url() + path))
            .header("Authorization", basic(token))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String parentOfMain(String repo) throws Exception {
    try (Repository git =
        new FileRepositoryBuilder()
            .setGitDir(t.dir.resolve("repos/admin/" + repo + ".git").toFile())
            .build()) {
      return git.resolve("refs/heads/main~1").name();
    }
  }

  @Test
  void aReaderCannotPushThroughUrlTricks() throws Exception {
    Map<String, String> before = prepare("tricks");
    String parent = parentOfMain("tricks");
    byte[] attack = rewindAndDeleteClaim(before, parent);
    for (String path :
        new String[] {
          "/admin/tricks.git/git-receive-pack;x=1",
          "/admin/tricks.git/%67it-receive-pack",
          "/admin/tricks.git/git-receive-pack%3Bx=1",
          "/admin/tricks.git/./git-receive-pack",
          "/admin/tricks.git/git-receive-pack",
        }) {
      HttpResponse<String> r = post(path, reader.token(), attack);
      assertThat(r.statusCode()).as(path).isBetween(400, 404);
      assertThat(refs("tricks")).as("refs after " + path).isEqualTo(before);
    }
    for (String query :
        new String[] {
          "service=git%2Dreceive-pack",
          "service=git-receive-pack",
          "service=git-upload-pack&service=git-receive-pack",
          "%73ervice=git-receive-pack",
        }) {
      HttpResponse<String> r = get("/admin/tricks.git/info/refs?" + query, reader.token());
      assertThat(r.statusCode()).as(query).isEqualTo(403);
    }
    // The same request from an administrator does what the attack wanted: the refusals above
    // were not an accident of a malformed request.
    HttpResponse<String> admin =
        post("/admin/tricks.git/git-receive-pack", t.tracker.adminToken(), attack);
    assertThat(admin.statusCode()).isEqualTo(200);
    assertThat(refs("tricks"))
        .doesNotContainKey("refs/heads/bzzz/task-1")
        .containsEntry("refs/heads/main", parent);
  }

  @Test
  void aReaderCannotPushWithJGit() throws Exception {
    Map<String, String> before = prepare("jgit-reader");
    try (Git git = GitClient.cloneRepo(remote("jgit-reader"), work.resolve("r"), reader.token())) {
      Iterable<PushResult> results =
          pushQuietly(
              git,
              reader.token(),
              new RefSpec("+refs/remotes/origin/main~1:refs/heads/main"),
              new RefSpec(":refs/heads/bzzz/task-1"));
      assertThat(results).isNull();
    }
    assertThat(refs("jgit-reader")).isEqualTo(before);
  }

  @Test
  void aWriterCannotDeleteOrRewindAClaimButAnAdminCan() throws Exception {
    Map<String, String> before = prepare("claims");
    String claim = "refs/heads/bzzz/task-1";
    try (Git git = GitClient.cloneRepo(remote("claims"), work.resolve("w"), writer.token())) {
      assertThat(status(pushQuietly(git, writer.token(), new RefSpec(":" + claim)), claim))
          .isEqualTo(RemoteRefUpdate.Status.REJECTED_OTHER_REASON);
      assertThat(refs("claims")).isEqualTo(before);

      assertThat(
              status(
                  pushQuietly(
                      git, writer.token(), new RefSpec("+refs/remotes/origin/main~1:" + claim)),
                  claim))
          .isEqualTo(RemoteRefUpdate.Status.REJECTED_OTHER_REASON);
      assertThat(refs("claims")).isEqualTo(before);

      // Through the API too.
      assertThat(t.as(writer).delete("/repos/admin/claims/branches/bzzz/task-1").status())
          .isEqualTo(403);
      assertThat(refs("claims")).isEqualTo(before);

      // Moving the claim forward and rewriting other branches stay allowed for a writer.
      GitClient.commitFile(git, "bzzz/task-1", "result.txt", "result");
      assertThat(GitClient.push(git, "bzzz/task-1", writer.token()))
          .isEqualTo(RemoteRefUpdate.Status.OK);
      assertThat(
              status(
                  pushQuietly(
                      git,
                      writer.token(),
                      new RefSpec("+refs/remotes/origin/main~1:refs/heads/main")),
                  "refs/heads/main"))
          .isEqualTo(RemoteRefUpdate.Status.OK);
    }
    try (Git git =
        GitClient.cloneRepo(remote("claims"), work.resolve("a"), t.tracker.adminToken())) {
      assertThat(
              status(
                  pushQuietly(
                      git,
                      t.tracker.adminToken(),
                      new RefSpec("+refs/remotes/origin/bzzz/task-1~1:" + claim)),
                  claim))
          .isEqualTo(RemoteRefUpdate.Status.OK);
      assertThat(status(pushQuietly(git, t.tracker.adminToken(), new RefSpec(":" + claim)), claim))
          .isEqualTo(RemoteRefUpdate.Status.OK);
    }
    assertThat(refs("claims")).doesNotContainKey(claim);
  }

  @Test
  void aSupersededClaimTakesNoPushNotEvenFromAnAdministrator() throws Exception {
    prepare("fenced");
    String old = "refs/heads/bzzz/task-1";
    String next = "refs/heads/bzzz/task-1-a2";
    try (Git git = GitClient.cloneRepo(remote("fenced"), work.resolve("f"), writer.token())) {
      // before attempt 2 exists the holder of attempt 1 pushes its work
      GitClient.commitFile(git, "bzzz/task-1", "early.txt", "early");
      assertThat(GitClient.push(git, "bzzz/task-1", writer.token()))
          .isEqualTo(RemoteRefUpdate.Status.OK);
      assertThat(
              t.admin
                  .post(
                      "/repos/admin/fenced/branches",
                      "{\"new_branch_name\":\"bzzz/task-1-a2\",\"old_ref_name\":\"main\"}")
                  .status())
          .isEqualTo(201);
      Map<String, String> before = refs("fenced");
      // the superseded owner's fast-forward push, as a writer and as an administrator
      GitClient.commitFile(git, "bzzz/task-1", "late.txt", "late");
      assertThat(
              status(
                  pushQuietly(git, writer.token(), new RefSpec("refs/heads/bzzz/task-1:" + old)),
                  old))
          .isEqualTo(RemoteRefUpdate.Status.REJECTED_OTHER_REASON);
      assertThat(
              status(
                  pushQuietly(
                      git, t.tracker.adminToken(), new RefSpec("refs/heads/bzzz/task-1:" + old)),
                  old))
          .isEqualTo(RemoteRefUpdate.Status.REJECTED_OTHER_REASON);
      assertThat(refs("fenced")).isEqualTo(before);
      // the current attempt still moves forward
      GitClient.commitFile(git, "bzzz/task-1-a2", "result.txt", "result");
      assertThat(
              status(
                  pushQuietly(
                      git, writer.token(), new RefSpec("refs/heads/bzzz/task-1-a2:" + next)),
                  next))
          .isEqualTo(RemoteRefUpdate.Status.OK);
      // a pull request's head takes pushes after later attempts: review rounds claim the next
      // attempt as their token and push to the pull request (docs/review.md)
      assertThat(
              t.admin
                  .post(
                      "/repos/admin/fenced/pulls",
                      "{\"head\":\"bzzz/task-1\",\"base\":\"main\",\"title\":\"#1\"}")
                  .status())
          .isEqualTo(201);
      assertThat(
              status(
                  pushQuietly(git, writer.token(), new RefSpec("refs/heads/bzzz/task-1:" + old)),
                  old))
          .isEqualTo(RemoteRefUpdate.Status.OK);
    }
  }

  @Test
  void authorisedUsersStillFetchAndPush() throws Exception {
    prepare("normal");
    try (Git git = GitClient.cloneRepo(remote("normal"), work.resolve("n"), writer.token())) {
      String sha = GitClient.commitFile(git, "feature", "f.txt", "f");
      assertThat(GitClient.push(git, "feature", writer.token()))
          .isEqualTo(RemoteRefUpdate.Status.OK);
      assertThat(refs("normal")).containsEntry("refs/heads/feature", sha);
    }
    try (Git git = GitClient.cloneRepo(remote("normal"), work.resolve("nr"), reader.token())) {
      assertThat(git.getRepository().resolve("refs/remotes/origin/feature")).isNotNull();
    }
  }

  /** Pushes; the results, or null when the server refused the whole request (401/403). */
  private static Iterable<PushResult> pushQuietly(Git git, String token, RefSpec... specs) {
    try {
      return git.push()
          .setRemote("origin")
          .setRefSpecs(specs)
          .setForce(true)
          .setCredentialsProvider(new UsernamePasswordCredentialsProvider("x", token))
          .call();
    } catch (org.eclipse.jgit.api.errors.TransportException e) {
      return null;
    } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RemoteRefUpdate.Status status(Iterable<PushResult> results, String ref) {
    assertThat(results).as("push was answered").isNotNull();
    for (PushResult r : results) {
      RemoteRefUpdate u = r.getRemoteUpdate(ref);
      if (u != null) {
        return u.getStatus();
      }
    }
    throw new AssertionError("no result for " + ref);
  }
}
