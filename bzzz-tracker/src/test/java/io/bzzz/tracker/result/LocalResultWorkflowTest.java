package io.bzzz.tracker.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.ClaimResult;
import io.bzzz.tracker.NewPullRequest;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.PullRequest;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.gitea.GiteaTracker;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.support.LocalTrackerHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The result workflow end to end on the real local tracker: a real clone, a real commit, a real
 * push over git smart HTTP with the token, then pull request, comment and labels.
 */
class LocalResultWorkflowTest {
  private static final AgentIdentity ALICE =
      new AgentIdentity("alice", Optional.of("12D3KooWAlice"), Optional.of("a1b2"));
  private static final AgentIdentity BOB = AgentIdentity.named("bob");

  @TempDir static Path dir;
  static LocalTrackerHarness local;

  @BeforeAll
  static void start() {
    local = LocalTrackerHarness.start(dir.resolve("tracker"));
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  @Test
  void pushesTheWorkspaceOpensAPullRequestCommentsAndLabels() throws Exception {
    RepoRef repo = local.createRepo("e2e");
    try (GiteaTracker tracker = local.client(repo)) {
      tracker.ensureLabels();
      Task task =
          tracker.createTask(
              new NewTask("Add a greeting", "write hello.txt", List.of(BzzzLabels.TASK)));
      Claim claim = ((ClaimResult.Won) tracker.claim(task.number(), ALICE)).claim();
      Path workspace = dir.resolve("ws-alice");
      ObjectId commit = commitInClone(tracker, claim.branch(), workspace, "hello.txt", "hello\n");

      JGitPush push = new JGitPush(tracker.login(), Token.of(local.token()));
      PullRequest pr =
          new ResultWorkflow(tracker, push)
              .succeed(task, claim, workspace.resolve(".git"), ALICE, "Added hello.txt.");

      assertThat(remoteHead(tracker, claim.branch())).isEqualTo(commit);
      assertThat(pr.head()).isEqualTo(claim.branch());
      assertThat(pr.base()).isEqualTo("main");
      assertThat(pr.title()).isEqualTo("#" + task.number() + ": Add a greeting");
      PullRequest again =
          tracker.openPullRequest(new NewPullRequest(claim.branch(), "main", "again", "again"));
      assertThat(again.number()).isEqualTo(pr.number());
      Task after = tracker.task(task.number());
      assertThat(after.labels()).contains(BzzzLabels.DONE).doesNotContain(BzzzLabels.CLAIMED);
      assertThat(tracker.comments(task.number()).getLast().body())
          .contains("alice", "#" + pr.number(), "Added hello.txt.");
    }
  }

  @Test
  void aSupersededOwnerDoesNotPushOrOpenAPullRequest() throws Exception {
    RepoRef repo = local.createRepo("stale-e2e");
    try (GiteaTracker alice = local.client(repo);
        GiteaTracker bob = local.client(repo)) {
      Task task = alice.createTask(new NewTask("t", "", List.of(BzzzLabels.TASK)));
      Claim old = ((ClaimResult.Won) alice.claim(task.number(), ALICE)).claim();
      Path workspace = dir.resolve("ws-stale");
      commitInClone(alice, old.branch(), workspace, "late.txt", "too late\n");
      ObjectId before = remoteHead(alice, old.branch());

      Claim fresh = ((ClaimResult.Won) bob.reclaim(task.number(), BOB, c -> true)).claim();
      assertThat(fresh.attempt()).isEqualTo(2);

      JGitPush push = new JGitPush(alice.login(), Token.of(local.token()));
      assertThatThrownBy(
              () ->
                  new ResultWorkflow(alice, push)
                      .succeed(task, old, workspace.resolve(".git"), ALICE, "done"))
          .isInstanceOf(TrackerException.Superseded.class);

      assertThat(remoteHead(alice, old.branch())).isEqualTo(before);
      assertThat(alice.task(task.number()).labels()).doesNotContain(BzzzLabels.DONE);
    }
  }

  @Test
  void aPushWithAWrongTokenFailsWithoutShowingIt() throws Exception {
    RepoRef repo = local.createRepo("badpush");
    try (GiteaTracker tracker = local.client(repo)) {
      Task task = tracker.createTask(new NewTask("t", "", List.of(BzzzLabels.TASK)));
      Claim claim = ((ClaimResult.Won) tracker.claim(task.number(), ALICE)).claim();
      Path workspace = dir.resolve("ws-bad");
      commitInClone(tracker, claim.branch(), workspace, "x.txt", "x\n");

      JGitPush push = new JGitPush("admin", Token.of("wrong-token-value"));
      assertThatThrownBy(
              () ->
                  new ResultWorkflow(tracker, push)
                      .succeed(task, claim, workspace.resolve(".git"), ALICE, "x"))
          .isInstanceOf(PushFailedException.class)
          .hasMessageNotContaining("wrong-token-value");
      assertThat(tracker.task(task.number()).labels()).doesNotContain(BzzzLabels.DONE);
    }
  }

  private ObjectId commitInClone(
      GiteaTracker tracker, String branch, Path workspace, String file, String content)
      throws Exception {
    try (Git git =
        Git.cloneRepository()
            .setURI(tracker.repoInfo().cloneUrl())
            .setDirectory(workspace.toFile())
            .setBranch(branch)
            .setCredentialsProvider(credentials(tracker))
            .call()) {
      Files.writeString(workspace.resolve(file), content);
      git.add().addFilepattern(file).call();
      PersonIdent agent = new PersonIdent("bzzz-agent", "agent@bzzz.invalid");
      return git.commit()
          .setMessage("Add " + file)
          .setAuthor(agent)
          .setCommitter(agent)
          .call()
          .getId();
    }
  }

  private ObjectId remoteHead(GiteaTracker tracker, String branch) throws Exception {
    Collection<Ref> refs =
        Git.lsRemoteRepository()
            .setRemote(tracker.repoInfo().cloneUrl())
            .setHeads(true)
            .setCredentialsProvider(credentials(tracker))
            .call();
    return refs.stream()
        .filter(r -> r.getName().equals("refs/heads/" + branch))
        .findFirst()
        .orElseThrow()
        .getObjectId();
  }

  private UsernamePasswordCredentialsProvider credentials(GiteaTracker tracker) {
    return new UsernamePasswordCredentialsProvider(tracker.login(), local.token());
  }
}
