package io.bzzz.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.exec.ExecutionResult.Outcome;
import io.bzzz.agent.task.TrackerTasks;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BodyEdits;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.ClaimResult;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.gitea.GiteaTracker;
import io.bzzz.tracker.http.HttpPolicy;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.http.TrackerEndpoint;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import io.bzzz.tracker.result.ResultWorkflow;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack from the security issue, against a real local tracker with two users: a trusted author
 * posts an issue, an untrusted collaborator edits a script into its body and labels it. The agent
 * must not run it, must say why and what would make it run; an approval by the trusted author
 * naming the script's hash makes it run, and editing that approval undoes it.
 */
class ScriptTrustOnLocalTrackerTest {
  static final AgentIdentity AGENT = AgentIdentity.named("agent-a");
  static final String REPO = "e2e";

  @TempDir Path tmp;
  LocalTracker server;
  LocalTracker.UserToken alice;
  LocalTracker.UserToken mallory;
  GiteaTracker agent;
  GiteaTracker asAlice;
  GiteaTracker asMallory;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    server = LocalTracker.start(LocalTrackerConfig.of(tmp.resolve("tracker")));
    send(
        "POST",
        "/api/v1/user/repos",
        server.adminToken(),
        "{\"name\":\"" + REPO + "\",\"auto_init\":true}",
        201);
    alice = server.createUser("alice");
    mallory = server.createUser("mallory");
    server.addCollaborator(LocalTracker.ADMIN, REPO, "alice");
    server.addCollaborator(LocalTracker.ADMIN, REPO, "mallory");
    agent = client(server.adminToken());
    asAlice = client(alice.token());
    asMallory = client(mallory.token());
    agent.ensureLabels();
  }

  @AfterEach
  void stop() {
    agent.close();
    asAlice.close();
    asMallory.close();
    http.close();
    server.close();
  }

  @Test
  void aScriptEditedIntoATrustedIssueRunsOnlyOnceATrustedAuthorApprovesItsHash() throws Exception {
    Task posted = asAlice.createTask(new NewTask("Add a greeting", "Please add one.", List.of()));
    int n = posted.number();
    assertThat(posted.bodyEdits()).isEqualTo(BodyEdits.never());

    // The collaborator edits a script into the trusted author's issue and labels it.
    String script = "echo hi > greeting.txt\n";
    editIssueBody(mallory, n, "Please add one.\n\n```bzzz-script\n" + script + "```\n");
    asMallory.relabel(n, List.of(BzzzLabels.TASK), List.of());

    Task task = agent.task(n);
    assertThat(task.author()).isEqualTo("alice");
    assertThat(task.bodyEdits()).isEqualTo(new BodyEdits.Known(List.of("mallory")));
    Claim claim = ((ClaimResult.Won) agent.claim(n, AGENT)).claim();

    Path ws1 = Files.createDirectory(tmp.resolve("ws1"));
    ExecutionResult refused = execute(task, claim, ws1);
    assertThat(refused.outcome()).isEqualTo(Outcome.NOT_RUN);
    assertThat(ws1.resolve("greeting.txt")).doesNotExist();
    new ResultWorkflow(agent, (gitDir, repo, branch) -> {})
        .fail(task, claim, AGENT, refused.reason());

    // The agent's comment says why and what a trusted author must post, hash included.
    String explanation = agent.comments(n).getLast().body();
    assertThat(explanation).contains("edited by 'mallory'");
    Matcher m = Pattern.compile("bzzz-approve sha256:[0-9a-f]{64}").matcher(explanation);
    assertThat(m.find()).isTrue();
    assertThat(m.group()).endsWith(ScriptTrust.sha256(script));

    // The trusted author reads the script and approves it by copying the line.
    asAlice.comment(n, "I checked it.\n" + m.group() + "\n");
    Path ws2 = Files.createDirectory(tmp.resolve("ws2"));
    ExecutionResult approved = execute(agent.task(n), claim, ws2);
    assertThat(approved.outcome()).as(approved.reason()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(Files.readString(ws2.resolve("greeting.txt"))).isEqualTo("hi\n");

    // The collaborator swaps the script and edits the approval to match: neither counts.
    String evil = "touch pwned\n";
    editIssueBody(mallory, n, "Please add one.\n\n```bzzz-script\n" + evil + "```\n");
    Comment approval =
        agent.comments(n).stream()
            .filter(c -> c.author().equals("alice"))
            .findFirst()
            .orElseThrow();
    editComment(
        mallory,
        approval.id(),
        "I checked it.\nbzzz-approve sha256:" + ScriptTrust.sha256(evil) + "\n");
    Comment edited =
        agent.comments(n).stream().filter(c -> c.id() == approval.id()).findFirst().orElseThrow();
    assertThat(edited.edited()).isTrue();

    Path ws3 = Files.createDirectory(tmp.resolve("ws3"));
    ExecutionResult swapped = execute(agent.task(n), claim, ws3);
    assertThat(swapped.outcome()).isEqualTo(Outcome.NOT_RUN);
    assertThat(swapped.reason()).contains("edited by 'mallory'");
    assertThat(ws3.resolve("pwned")).doesNotExist();
  }

  @Test
  void theTrustedAuthorsOwnEditStillRuns() throws Exception {
    Task posted = asAlice.createTask(new NewTask("Greeting", "draft", List.of(BzzzLabels.TASK)));
    editIssueBody(alice, posted.number(), "```bzzz-script\necho ok > done.txt\n```\n");
    Task task = agent.task(posted.number());
    assertThat(task.bodyEdits()).isEqualTo(new BodyEdits.Known(List.of("alice")));
    Claim claim = ((ClaimResult.Won) agent.claim(task.number(), AGENT)).claim();

    Path ws = Files.createDirectory(tmp.resolve("ws"));
    ExecutionResult r = execute(task, claim, ws);
    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(ws.resolve("done.txt")).exists();
  }

  private ExecutionResult execute(Task task, Claim claim, Path workspace) throws Exception {
    ScriptExecutor executor =
        new ScriptExecutor(
            new ProcessRunner(),
            Set.of("alice"),
            tmp.resolve("scratch"),
            ExecutionLimits.DEFAULT,
            Sandbox.host());
    TaskDetails details =
        TrackerTasks.details(
            task, claim, io.bzzz.tracker.client.TrackerKind.GITEA, agent.comments(task.number()));
    return executor.execute(details, workspace);
  }

  private void editIssueBody(LocalTracker.UserToken who, int number, String body) throws Exception {
    send(
        "PATCH",
        "/api/v1/repos/admin/" + REPO + "/issues/" + number,
        who.token(),
        json("body", body),
        201);
  }

  private void editComment(LocalTracker.UserToken who, long id, String body) throws Exception {
    send(
        "PATCH",
        "/api/v1/repos/admin/" + REPO + "/issues/comments/" + id,
        who.token(),
        json("body", body),
        200);
  }

  private static String json(String field, String value) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .writeValueAsString(java.util.Map.of(field, value));
  }

  private void send(String method, String path, String token, String body, int expected)
      throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "token " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
  }

  private GiteaTracker client(String token) {
    return GiteaTracker.connect(
        TrackerEndpoint.of(
            URI.create(server.baseUrl()),
            new RepoRef(LocalTracker.ADMIN, REPO),
            Optional.of(Token.of(token)),
            HttpPolicy.defaults().withMinWriteInterval(Duration.ZERO).withMaxAttempts(3)));
  }
}
