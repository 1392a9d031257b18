package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.agent.config.AgentConfig;
import io.bzzz.agent.config.AgentConfigLoader;
import io.bzzz.agent.coordination.Envelope;
import io.bzzz.agent.coordination.MalformedMessageException;
import io.bzzz.agent.coordination.MessageCodec;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.coordination.Topics;
import io.bzzz.agent.exec.ScriptTrust;
import io.bzzz.agent.testing.GitHttpServer;
import io.bzzz.p2p.node.P2pNode;
import io.bzzz.tracker.client.TrackerKind;
import io.bzzz.tracker.fake.FakeGitHub;
import io.bzzz.tracker.fake.FakeGitea;
import io.bzzz.tracker.fake.FakeServer;
import io.bzzz.tracker.fake.ForgeModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real agent (libp2p node, signed log, task loop, script executor) against the GitHub and the
 * Gitea fake, with the repository's git data on a real smart-HTTP server, and a second libp2p node
 * on the agent's topics that records what the mesh hears. The task must be named on the mesh after
 * the tracker it came from, and clone and push must use the git user name that tracker expects.
 */
class TrackerKindOnTheMeshTest {
  private static final String TOKEN = "tok-8d1e5a0c37";
  private static final Topics TOPICS = Topics.Profile.BZZZ.topics();

  @TempDir Path tmp;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<Envelope> heard = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  @ParameterizedTest
  @EnumSource(TrackerKind.class)
  void aTaskIsAnnouncedWithItsTrackerKindAndPushedWithThatTrackersGitUser(TrackerKind kind)
      throws Exception {
    Path bare =
        GitHttpServer.bareRepository(tmp.resolve("origin.git"), tmp.resolve("seed"), "bzzz/task-1");
    ForgeModel model = new ForgeModel("octo", "sample", "octocat");
    GitHttpServer git = GitHttpServer.serve(bare, "octo", "sample", TOKEN);
    open.add(git);
    model.serveGitAt(git.url());
    FakeServer forge =
        switch (kind) {
          case GITHUB -> new FakeGitHub(model, TOKEN);
          case GITEA -> new FakeGitea(model, TOKEN);
        };
    open.add(forge);
    Agent agent = Agent.create(config(kind, forge), "test");
    open.add(agent);
    agent.start(Optional.empty());
    open.add(listenTo(agent));
    // the task appears only once the listener hears the agent, so no announcement is missed
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                heard.stream()
                    .anyMatch(
                        e ->
                            e.from().equals(agent.peerId())
                                && e.data() instanceof Payload.AvailabilityBroadcast));

    // neither forge's REST API says who edited an issue body, so the trusted author approves the
    // script's hash; the label comes last, so the agent never sees the task unapproved
    ForgeModel.Issue issue =
        model.addIssue(
            "Leave a result",
            "Writes a file.\n\n```bzzz-script\necho done > result.txt\n```\n",
            List.of());
    model.addComment(
        issue, ScriptTrust.APPROVE + " sha256:" + ScriptTrust.sha256("echo done > result.txt\n"));
    model.update(() -> issue.labels.add(model.label("bzzz-task").name()));

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> heard.stream().anyMatch(e -> e.data() instanceof Payload.TaskCompleted));
    String expected = kind.name().toLowerCase(Locale.ROOT);
    List<TaskRef> announced = tasksHeard();
    assertThat(announced).isNotEmpty();
    assertThat(announced).allSatisfy(t -> assertThat(t.tracker()).isEqualTo(expected));
    assertThat(heard)
        .anySatisfy(
            e ->
                assertThat(e.data())
                    .isInstanceOfSatisfying(
                        Payload.TaskClaimed.class,
                        c ->
                            assertThat(c.task())
                                .isEqualTo(new TaskRef(expected, "octo/sample", 1))));

    // clone and push used the forge's git user: x-access-token on GitHub, the token's owner on
    // Gitea
    String user =
        switch (kind) {
          case GITHUB -> "x-access-token";
          case GITEA -> "octocat";
        };
    assertThat(git.users()).containsExactly(user);
    assertThat(fileOnBranch(bare, "bzzz/task-1", "result.txt")).isEqualTo("done\n");
    assertThat(model.issues()).anySatisfy(i -> assertThat(i.pull).isPresent());
  }

  /** Every task reference the agent put on the mesh. */
  private List<TaskRef> tasksHeard() {
    List<TaskRef> out = new ArrayList<>();
    for (Envelope e : heard) {
      switch (e.data()) {
        case Payload.TaskClaimed c -> out.add(c.task());
        case Payload.TaskProgress p -> out.add(p.task());
        case Payload.TaskCompleted c -> out.add(c.task());
        case Payload.TaskFailed f -> out.add(f.task());
        case Payload.MetaDiscussion m -> out.add(m.task());
        default -> {}
      }
    }
    return out;
  }

  private AgentConfig config(TrackerKind kind, FakeServer forge) throws Exception {
    Path tokenFile = tmp.resolve("token");
    Files.writeString(tokenFile, TOKEN);
    Map<String, List<String>> flags = new LinkedHashMap<>();
    flags.put("name", List.of("a1"));
    flags.put("data-dir", List.of(tmp.resolve("agent").toString()));
    flags.put("tracker", List.of(kind.name().toLowerCase(Locale.ROOT)));
    flags.put("tracker-url", List.of(forge.url().toString()));
    flags.put("token-file", List.of(tokenFile.toString()));
    flags.put("repo", List.of("octo/sample"));
    flags.put("trusted-author", List.of("octocat"));
    flags.put("listen", List.of("/ip4/127.0.0.1/tcp/0"));
    flags.put("no-mdns", List.of("true"));
    flags.put("poll-interval", List.of("1s"));
    flags.put("availability-interval", List.of("1s"));
    flags.put("replicate-logs", List.of("false"));
    flags.put("run-alone", List.of("true")); // the listening node never broadcasts
    return AgentConfigLoader.load(Optional.empty(), Map.of(), flags);
  }

  /** A libp2p node on the agent's three topics that keeps every envelope it hears. */
  private P2pNode listenTo(Agent agent) throws Exception {
    P2pNode node = BarePeer.joining(agent);
    MessageCodec codec = new MessageCodec();
    for (String topic :
        List.of(TOPICS.coordination(), TOPICS.metaDiscussion(), TOPICS.contextFeedback())) {
      node.pubsub()
          .orElseThrow()
          .subscribe(
              topic,
              m -> {
                try {
                  heard.add(codec.decode(m.data()));
                } catch (MalformedMessageException e) {
                  throw new AssertionError("the agent sent a malformed message", e);
                }
              });
    }
    return node;
  }

  private static String fileOnBranch(Path bare, String branch, String file) throws Exception {
    try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).build();
        RevWalk walk = new RevWalk(repo)) {
      var commit = walk.parseCommit(repo.resolve("refs/heads/" + branch));
      try (TreeWalk tree = TreeWalk.forPath(repo, file, commit.getTree())) {
        assertThat(tree).as("%s on %s", file, branch).isNotNull();
        return new String(repo.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }
}
