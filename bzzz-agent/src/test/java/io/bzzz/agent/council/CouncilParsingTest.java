package io.bzzz.agent.council;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.agent.task.Dependencies;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BodyEdits;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure parts: the brief's blocks, the roles file, seat markers and the council messages. */
class CouncilParsingTest {
  private static final RoleBook BOOK = RoleBook.embedded();

  static Task brief(String body, List<String> labels) {
    return new Task(
        "http://t",
        new RepoRef("o", "r"),
        7,
        "Project X",
        body,
        "admin",
        labels,
        TaskState.OPEN,
        List.of(),
        "http://t/o/r/issues/7",
        BodyEdits.never());
  }

  @Test
  void rolesComeFromTheBlockThenTheLabelsThenTheDefaults() {
    CouncilSpec fromBlock =
        BriefReader.spec(
            brief(
                "```bzzz-council\ncore: [b, a]\noptional: c\nlead: a\ndeadline: 5s\n```\n",
                List.of("role:z")),
            BOOK,
            Duration.ofSeconds(60));
    assertThat(fromBlock.core()).containsExactly("b", "a");
    assertThat(fromBlock.optional()).containsExactly("c");
    assertThat(fromBlock.lead()).isEqualTo("a");
    assertThat(fromBlock.deadline()).isEqualTo(Duration.ofSeconds(5));

    CouncilSpec fromLabels =
        BriefReader.spec(brief("text", List.of("role:z", "role:y")), BOOK, Duration.ofSeconds(9));
    assertThat(fromLabels.core()).containsExactly("z", "y");
    assertThat(fromLabels.lead()).isEqualTo("z");
    assertThat(fromLabels.deadline()).isEqualTo(Duration.ofSeconds(9));

    CouncilSpec defaults = BriefReader.spec(brief("text", List.of()), BOOK, Duration.ofSeconds(9));
    assertThat(defaults.core()).containsExactly("tpm", "senior-software-architect", "developer");
    assertThat(defaults.optional()).containsExactly("qa-engineer");
  }

  @Test
  void aBadBriefIsRefusedWithItsReason() {
    assertThatThrownBy(
            () ->
                BriefReader.spec(
                    brief("```bzzz-council\ncore: [a]\nlead: b\n```\n", List.of()),
                    BOOK,
                    Duration.ofSeconds(1)))
        .hasMessageContaining("lead role 'b' is not a core role");
    assertThatThrownBy(
            () ->
                BriefReader.spec(
                    brief("```bzzz-council\ncore: [\"../x\"]\n```\n", List.of()),
                    BOOK,
                    Duration.ofSeconds(1)))
        .hasMessageContaining("invalid role");
    assertThatThrownBy(
            () ->
                BriefReader.spec(
                    brief("```bzzz-council\ncore: [a]\n", List.of()), BOOK, Duration.ofSeconds(1)))
        .hasMessageContaining("never closed");
  }

  @Test
  void aPlanIsCheckedWholeAndFiledDependenciesFirst() {
    String plan =
        """
        ```bzzz-plan
        - {key: b, title: B, role: dev, depends_on: [a]}
        - {key: a, title: A, role: arch, body: do a}
        - {key: c, title: C, role: dev, depends_on: [a, b]}
        ```
        """;
    List<PlanBlock.Subtask> parsed = PlanBlock.parse(plan, List.of("arch", "dev")).orElseThrow();
    assertThat(parsed).extracting(PlanBlock.Subtask::key).containsExactly("a", "b", "c");
    assertThat(parsed.get(0).body()).isEqualTo("do a");
    assertThat(PlanBlock.parse("no plan", List.of("a"))).isEmpty();

    assertThatThrownBy(
            () ->
                PlanBlock.parse(
                    """
                    ```bzzz-plan
                    - {key: a, title: A, role: x, depends_on: [b]}
                    - {key: b, title: B, role: x, depends_on: [a]}
                    ```
                    """,
                    List.of("x")))
        .hasMessageContaining("cycle");
    assertThatThrownBy(
            () ->
                PlanBlock.parse("```bzzz-plan\n- {key: a, title: A, role: y}\n```\n", List.of("x")))
        .hasMessageContaining("role 'y' is not a role");
    assertThatThrownBy(
            () ->
                PlanBlock.parse(
                    "```bzzz-plan\n- {key: a, title: A, role: x}\n- {key: a, title: B, role: x}\n```\n",
                    List.of("x")))
        .hasMessageContaining("twice");
    assertThatThrownBy(
            () ->
                PlanBlock.parse(
                    "```bzzz-plan\n- {key: a, title: A, role: x, depends_on: [zz]}\n```\n",
                    List.of("x")))
        .hasMessageContaining("unknown key 'zz'");
  }

  @Test
  void theRolesFileMapsRolesToNeedsAndUnlistedRolesNeedTheirOwnName() {
    RoleBook book =
        RoleBook.parse(
            "default_core_roles: [a]\nroles:\n  a:\n    needs: [gpu, git]\n", "test.yaml");
    assertThat(book.needsLabels("a")).containsExactly("needs:gpu", "needs:git");
    assertThat(book.canHold("a", List.of("git"))).isFalse();
    assertThat(book.canHold("a", List.of("git", "gpu", "x"))).isTrue();
    assertThat(book.needs("tester")).containsExactly("tester");
    assertThatThrownBy(() -> RoleBook.parse("roles: 3\n", "bad.yaml"))
        .hasMessageContaining("bad.yaml");
    assertThatThrownBy(() -> RoleBook.parse("roles: {}\n", "none.yaml"))
        .hasMessageContaining("no default core role");
  }

  @Test
  void seatMarkersNameTheHighestAttemptPerRole() {
    AgentIdentity a = new AgentIdentity("a", Optional.of("PeerA"), Optional.of("ab12"));
    AgentIdentity b = new AgentIdentity("b", Optional.of("PeerB"), Optional.empty());
    List<Comment> comments =
        List.of(
            new Comment(1, "admin", CouncilLedger.seatComment(new RoleRef(7, "dev", 1), a), false),
            new Comment(2, "admin", CouncilLedger.seatComment(new RoleRef(7, "dev", 2), b), false),
            new Comment(3, "admin", CouncilLedger.seatComment(new RoleRef(8, "qa", 1), a), false),
            new Comment(
                4, "x", "<!-- bzzz-council council=7 role=qa attempt=1 agent=a>b -->", false));
    Map<String, Seat> seats = RoleMarker.seats(comments, 7);
    assertThat(seats).containsOnlyKeys("dev");
    assertThat(seats.get("dev").attempt()).isEqualTo(2);
    assertThat(seats.get("dev").peerId()).contains("PeerB");
    assertThat(new RoleRef(7, "dev", 2).name()).isEqualTo("bzzz/council-7/dev-a2");
    assertThat(new RoleRef(7, RoleRef.CONVENER, 1).name()).isEqualTo("bzzz/council-7/_convener");
  }

  @Test
  void councilMessagesRoundTripAndBadOnesAreRefused() {
    CouncilCodec codec = new CouncilCodec();
    Instant now = Instant.parse("2026-12-02T10:00:00Z");
    CouncilMessage.Opportunity o =
        new CouncilMessage.Opportunity(
            "7", "P", "o/r", 7, List.of("a", "b"), List.of("c"), now, "a", 2, Map.of("a", "PeerA"));
    CouncilCodec.Received r = codec.decode(codec.encode("PeerZ", now, o)).orElseThrow();
    assertThat(r.message()).isEqualTo(o);
    assertThat(r.from()).isEqualTo("PeerZ");
    CouncilMessage.Status s =
        new CouncilMessage.Status(
            "7",
            "o/r",
            CouncilState.FAILED,
            Map.of("a", new CouncilMessage.Member("PeerA", "agent a")),
            List.of("b"),
            1);
    assertThat(codec.decode(codec.encode("PeerZ", now, s)).orElseThrow().message()).isEqualTo(s);
    String text =
        new String(codec.encode("PeerZ", now, s), StandardCharsets.UTF_8)
            .replace("\"failed\"", "\"exploded\"");
    assertThatThrownBy(() -> codec.decode(text.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("state");
    assertThatThrownBy(() -> codec.decode("{\"type\":".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codec.decode(new byte[CouncilCodec.MAX_BYTES + 1]))
        .hasMessageContaining("too large");
    String unknown =
        "{\"type\":\"council_gossip\",\"from\":\"P\",\"timestamp\":\"2026-12-02T10:00:00Z\","
            + "\"data\":{\"council_id\":\"7\",\"repository\":\"o/r\"}}";
    assertThat(codec.decode(unknown.getBytes(StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void dependsOnLinesNameIssueNumbers() {
    assertThat(Dependencies.of("Depends on #3\nDepends on #4, #5 and #6\ntext #9\n"))
        .containsExactly(3, 4, 5, 6);
    assertThat(Dependencies.of("- depends on: #12")).containsExactly(12);
    assertThat(Dependencies.of("this depends on #3 somehow")).isEmpty();
  }
}
