package io.bzzz.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.runtime.ResultTrailers;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.ClaimResult;
import io.bzzz.tracker.NewPullRequest;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.PullRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The holder of a task dies right after its claim (SIGKILL of the agent and its script, as when its
 * machine dies): another agent takes the task over and it is completed exactly once, whether the
 * others heard the holder (it joined the mesh first) or never did (it ran alone and was gone before
 * anyone came). Real agent processes, the real local tracker, 1 s intervals.
 */
class AgentTakeoverTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final long SEED = 20261202L;

  @TempDir Path dir;

  @Test
  void aHolderKilledRightAfterItsClaimIsTakenOverInARandomlyStartedMesh() throws Exception {
    Path executions = dir.resolve("executions.txt");
    List<String> names = new ArrayList<>(List.of("agent-a", "agent-b", "agent-c"));
    Collections.shuffle(names, new Random(SEED));
    try (AgentMesh mesh = new AgentMesh(dir, List.of())) {
      mesh.client.createTask(slowTask(executions));
      // the holder may claim while the others are still starting: kill it the moment it claims
      Map<String, AgentMesh.Member> started = new ConcurrentHashMap<>();
      CompletableFuture<AgentMesh.Member> killed = new CompletableFuture<>();
      AtomicLong killedAt = new AtomicLong();
      Thread killer =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      String owner = awaitOwner(mesh);
                      AgentMesh.Member holder =
                          await()
                              .atMost(WAIT)
                              .pollInterval(Duration.ofMillis(50))
                              .until(() -> started.get(owner), m -> m != null);
                      holder.process().kill();
                      killedAt.set(System.nanoTime());
                      killed.complete(holder);
                    } catch (RuntimeException e) {
                      killed.completeExceptionally(e);
                    }
                  });
      for (String name : names) {
        AgentMesh.Member m = mesh.start(name);
        started.put(m.peerId(), m);
      }
      AgentMesh.Member holder = killed.get(2, TimeUnit.MINUTES);
      killer.join();

      awaitDoneOnce(mesh, executions, killedAt.get(), "the kill");
      assertThat(ownerPeer(mesh.currentClaim())).isNotEqualTo(holder.peerId());
    }
  }

  @Test
  void aClaimWhoseOwnerNoAgentEverHeardIsTakenOver() throws Exception {
    Path executions = dir.resolve("executions.txt");
    List<String> names = new ArrayList<>(List.of("agent-a", "agent-b", "agent-c"));
    Collections.shuffle(names, new Random(SEED + 1));
    try (AgentMesh mesh = new AgentMesh(dir, List.of())) {
      mesh.client.createTask(slowTask(executions));
      // A lone agent claims before anyone else exists, and dies; nobody ever hears of it.
      AgentMesh.Member loner = mesh.start("loner", "--run-alone");
      mesh.members.remove(loner); // not a bootstrap peer for the others
      try (var lonerProcess = loner.process()) {
        assertThat(awaitOwner(mesh)).isEqualTo(loner.peerId());
        lonerProcess.kill();

        for (String name : names) {
          mesh.start(name);
        }
        awaitDoneOnce(mesh, executions, System.nanoTime(), "the last agent started");
        for (AgentMesh.Member m : mesh.members) {
          JsonNode peers = AgentMesh.getJson(m.api() + "/api/v1/peers").path("peers");
          assertThat(peers.findValuesAsText("peer_id"))
              .as("%s never heard the loner", m.name())
              .doesNotContain(loner.peerId());
        }
      }
    }
  }

  @Test
  void aResultPushedBeforeItsOwnerWasLostIsDeliveredInsteadOfRunningTheTaskAgain()
      throws Exception {
    Path executions = dir.resolve("executions.txt");
    try (AgentMesh mesh = new AgentMesh(dir, List.of())) {
      mesh.client.createTask(slowTask(executions));
      // What an owner cut off between its push and its pull request leaves behind: its signed
      // claim of attempt 1 and its result commit on that attempt's branch, nothing more.
      AgentIdentity lost = lostAgent();
      assertThat(mesh.client.claim(1, lost)).isInstanceOf(ClaimResult.Won.class);
      pushResultOf(mesh, lost, "slow.txt", "slow\n");

      mesh.start("agent-a");
      mesh.start("agent-b");

      await()
          .atMost(WAIT.multipliedBy(2))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> mesh.client.task(1).hasLabel(BzzzLabels.DONE));
      assertThat(executions).as("the task's script never ran again").doesNotExist();
      JsonNode pulls = mesh.pulls();
      assertThat(pulls).hasSize(1);
      assertThat(pulls.get(0).path("head").path("ref").asText()).isEqualTo("bzzz/task-1-a2");
      assertThat(pulls.get(0).path("body").asText())
          .contains("Attempt 1 (lost-agent) finished this task")
          .contains("the lost agent's summary");
      try (Git clone = cloneBranch(mesh, "bzzz/task-1-a2")) {
        assertThat(clone.getRepository().getWorkTree().toPath().resolve("slow.txt"))
            .hasContent("slow");
        String message = clone.log().setMaxCount(1).call().iterator().next().getFullMessage();
        assertThat(message).contains("Bzzz-Attempt: 2").doesNotContain("Bzzz-Attempt: 1");
      }
    }
  }

  /**
   * Chaos seed 16: the owner pushed and opened its pull request, then was cut off during its label
   * call and confirmed gone. The take-over finishes that pull request (comment, label, one {@code
   * task_completed}) instead of opening a second one.
   */
  @Test
  void aPullRequestOpenedBeforeItsOwnerWasLostIsTheOneTheTakeOverCompletes() throws Exception {
    Path executions = dir.resolve("executions.txt");
    try (AgentMesh mesh = new AgentMesh(dir, List.of())) {
      mesh.client.createTask(slowTask(executions));
      AgentIdentity lost = lostAgent();
      assertThat(mesh.client.claim(1, lost)).isInstanceOf(ClaimResult.Won.class);
      pushResultOf(mesh, lost, "slow.txt", "slow\n");
      PullRequest opened =
          mesh.client.openPullRequest(
              new NewPullRequest(
                  "bzzz/task-1",
                  mesh.client.repoInfo().defaultBranch(),
                  "#1: Slow task",
                  "Closes #1\n\nthe lost agent's summary"));

      mesh.start("agent-a");
      mesh.start("agent-b");

      await()
          .atMost(WAIT.multipliedBy(2))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> mesh.client.task(1).hasLabel(BzzzLabels.DONE));
      assertThat(executions).as("the task's script never ran again").doesNotExist();
      JsonNode pulls = mesh.pulls();
      assertThat(pulls).as("no second pull request").hasSize(1);
      assertThat(pulls.get(0).path("number").asInt()).isEqualTo(opened.number());
      assertThat(mesh.currentClaim().attempt()).isEqualTo(2);
      assertThat(mesh.client.comments(1))
          .anySatisfy(
              c -> assertThat(c.body()).contains("pull request #" + opened.number() + " from"));
    }
  }

  /** An agent that claimed attempt 1 and is gone: it never joins the mesh. */
  private static AgentIdentity lostAgent() {
    return new AgentIdentity(
        "lost-agent",
        Optional.of(PeerId.fromPublicKey(PrivateKey.generate().publicKey()).toBase58()),
        Optional.empty());
  }

  /** Pushes a result commit of attempt 1 by {@code owner}, trailers as agents write them. */
  private void pushResultOf(AgentMesh mesh, AgentIdentity owner, String file, String content)
      throws Exception {
    try (Git clone = cloneBranch(mesh, "bzzz/task-1")) {
      Path work = clone.getRepository().getWorkTree().toPath();
      Files.writeString(work.resolve(file), content);
      clone.add().addFilepattern(file).call();
      clone
          .commit()
          .setMessage(
              "#1: Slow task\n\nthe lost agent's summary"
                  + ResultTrailers.format(new TaskRef("local", AgentMesh.REPO, 1), 1, owner.name()))
          .setAuthor(owner.name(), "lost@bzzz.invalid")
          .setCommitter(owner.name(), "lost@bzzz.invalid")
          .setSign(false)
          .call();
      clone.push().setCredentialsProvider(admin(mesh)).call();
    }
  }

  private Git cloneBranch(AgentMesh mesh, String branch) throws Exception {
    return Git.cloneRepository()
        .setURI(mesh.tracker.baseUrl() + "/" + AgentMesh.REPO + ".git")
        .setDirectory(Files.createTempDirectory(dir, "clone").toFile())
        .setBranch(branch)
        .setCredentialsProvider(admin(mesh))
        .call();
  }

  private static UsernamePasswordCredentialsProvider admin(AgentMesh mesh) {
    return new UsernamePasswordCredentialsProvider("admin", mesh.tracker.adminToken());
  }

  /** A script that takes a while and records each completed run outside any workspace. */
  private static NewTask slowTask(Path executions) {
    return new NewTask(
        "Slow task",
        "```bzzz-script\nsleep 4\nprintf 'slow\\n' > slow.txt\necho done >> '"
            + executions
            + "'\n```\n",
        List.of(BzzzLabels.TASK));
  }

  /** The peer id on the tracker's first claim, as soon as the claim exists. */
  private static String awaitOwner(AgentMesh mesh) {
    return await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> mesh.client.currentClaim(1).flatMap(c -> ownerPeerOf(c)), Optional::isPresent)
        .orElseThrow();
  }

  private static void awaitDoneOnce(AgentMesh mesh, Path executions, long from, String since)
      throws Exception {
    try {
      awaitTakeOver(mesh, executions, from, since);
    } catch (AssertionError | RuntimeException e) {
      for (AgentMesh.Member m : mesh.members) { // what each agent said, for the failure report
        System.out.println("--- " + m.name() + "\n" + String.join("\n", m.process().stderrLines()));
      }
      throw e;
    }
  }

  private static void awaitTakeOver(AgentMesh mesh, Path executions, long killedAt, String since)
      throws Exception {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> mesh.client.currentClaim(1).map(Claim::attempt).orElse(0) >= 2);
    long takenOver = System.nanoTime();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> mesh.client.task(1).hasLabel(BzzzLabels.DONE));
    long done = System.nanoTime();
    System.out.printf(
        "take-over: claimed again %.1f s after %s, done %.1f s after it%n",
        (takenOver - killedAt) / 1e9, since, (done - killedAt) / 1e9);
    JsonNode pulls = mesh.pulls();
    assertThat(pulls).hasSize(1);
    assertThat(pulls.get(0).path("head").path("ref").asText()).isEqualTo("bzzz/task-1-a2");
    assertThat(Files.readAllLines(executions)).containsExactly("done");
    assertThat(mesh.currentClaim().attempt()).isEqualTo(2);
  }

  private static String ownerPeer(Claim claim) {
    return ownerPeerOf(claim).orElse("");
  }

  private static Optional<String> ownerPeerOf(Claim claim) {
    return claim.owner().flatMap(AgentIdentity::peerId);
  }
}
