package io.bzzz.agent.discussion;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.Payload.MetaDiscussion;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.log.entry.EntryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three discussion services joined by an in-memory bus (every message to every other member, as
 * gossipsub would): the taker's rounds, members' votes from their objection rules, the decisions
 * and the log entries on each side. The real mesh and processes are in the CLI's {@code
 * PlanDiscussionMeshTest}.
 */
class PlanDiscussionTest {
  private static final TaskRef TASK = new TaskRef("gitea", "admin/mesh", 7);

  /** One member: its service and what it wrote to its log. */
  private record Member(String id, DiscussionService service, List<String> log) {}

  private final List<Member> members = new ArrayList<>();
  private final List<MetaDiscussion> wire = Collections.synchronizedList(new ArrayList<>());

  private Member member(String id, String issueBody, Pattern... rules) {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    DiscussionLog journal =
        new DiscussionLog() {
          @Override
          public void record(EntryType type, TaskRef task, Map<String, ?> fields) {
            log.add(type.wireName() + " " + new LinkedHashMap<>(fields));
          }

          @Override
          public void note(EntryType type, TaskRef task, Map<String, ?> fields) {
            record(type, task, fields);
          }
        };
    DiscussionSettings settings =
        new DiscussionSettings(
            "bzzz-discuss", false, Duration.ofSeconds(20), 3, Quorum.TWO_THIRDS, List.of(rules));
    DiscussionService service =
        new DiscussionService(
            id,
            m -> {
              wire.add(m);
              for (Member other : List.copyOf(members)) {
                if (!other.id().equals(id)) {
                  other.service().onMessage(id, m);
                }
              }
            },
            journal,
            settings,
            new ObjectionRules(Set.of(id), settings.objectWhen()),
            t -> Optional.of(issueBody));
    Member m = new Member(id, service, log);
    members.add(m);
    return m;
  }

  @AfterEach
  void close() {
    members.forEach(m -> m.service().close());
  }

  private static Set<String> ids(Member... ms) {
    Set<String> s = new java.util.TreeSet<>();
    for (Member m : ms) {
      s.add(m.id());
    }
    return s;
  }

  @Test
  void anObjectionThatIsNotOutvotedSendsThePlanBackAndTheRevisionPasses() throws Exception {
    String body = "Do it.\n\n```bzzz-objection\nb 1 say how the result is checked\n```\n";
    Member a = member("a", body);
    Member b = member("b", body);

    PlanDiscussion.Outcome out = a.service().plans().run(TASK, "Plan: do it", ids(a, b));

    assertThat(out.verdict()).isEqualTo(PlanDiscussion.Verdict.APPROVED);
    assertThat(out.rounds()).isEqualTo(2);
    assertThat(out.plan())
        .startsWith("Revised plan (round 2): Plan: do it")
        .contains("Objections addressed: say how the result is checked");
    MetaDiscussion revised =
        wire.stream()
            .filter(m -> m.kind().equals("plan") && m.round().orElseThrow().round() == 2)
            .findFirst()
            .orElseThrow();
    assertThat(revised.round().orElseThrow().objections())
        .containsExactly(new Payload.Objection("b", "say how the result is checked"));
    assertThat(a.log())
        .anyMatch(l -> l.startsWith("plan_proposed {text=Plan: do it, round=1"))
        .anyMatch(l -> l.startsWith("objection_raised {from=b, round=1"))
        .anyMatch(l -> l.startsWith("plan_revised {round=1, outcome=revise"))
        .anyMatch(l -> l.startsWith("plan_proposed {text=Revised plan (round 2)"))
        .anyMatch(l -> l.startsWith("vote_cast {from=b, round=2"))
        .anyMatch(l -> l.startsWith("consensus_reached {round=2, outcome=approved"));
    assertThat(b.log())
        .anyMatch(l -> l.startsWith("objection_raised {from=b, to=a, round=1"))
        .anyMatch(l -> l.startsWith("vote_cast {from=b, to=a, round=2"));
    assertThat(wire)
        .anyMatch(
            m ->
                m.kind().equals("decision")
                    && m.round().orElseThrow().outcome().equals("revise")
                    && m.round().orElseThrow().round() == 1);
  }

  @Test
  void twoThirdsApprovingCarryAPlanDespiteAnObjection() throws Exception {
    Member a = member("a", "");
    Member b = member("b", "", Pattern.compile("src/secret"));
    Member c = member("c", "");

    PlanDiscussion.Outcome out =
        a.service().plans().run(TASK, "Plan: edit src/secret/key.txt", ids(a, b, c));

    assertThat(out.verdict()).isEqualTo(PlanDiscussion.Verdict.APPROVED);
    assertThat(out.rounds()).isEqualTo(1);
    // the quorum may be reached before b's objection arrives; either way b objected in its log
    assertThat(b.log()).anyMatch(l -> l.startsWith("objection_raised {from=b, to=a, round=1"));
    assertThat(a.log()).anyMatch(l -> l.startsWith("consensus_reached {round=1, outcome=approved"));
  }

  @Test
  void objectionsStandingForThreeRoundsEscalate() throws Exception {
    String body = "```bzzz-objection\n* * not before the release\n```";
    Member a = member("a", body);
    Member b = member("b", body);

    PlanDiscussion.Outcome out = a.service().plans().run(TASK, "Plan: x", ids(a, b));

    assertThat(out.verdict()).isEqualTo(PlanDiscussion.Verdict.ESCALATED);
    assertThat(out.rounds()).isEqualTo(3);
    assertThat(out.objections())
        .containsExactly(new Payload.Objection("b", "not before the release"));
    assertThat(a.log().stream().filter(l -> l.startsWith("plan_proposed"))).hasSize(3);
    assertThat(a.log()).anyMatch(l -> l.startsWith("escalation {round=3, outcome=escalated"));
    assertThat(wire)
        .anyMatch(
            m ->
                m.kind().equals("decision")
                    && m.round().orElseThrow().outcome().equals("escalated"));
  }

  @Test
  void aMemberWhoNeverAnswersDoesNotBlockAPlanNobodyObjectedTo() throws Exception {
    List<String> log = new ArrayList<>();
    PlanDiscussion plans =
        new PlanDiscussion(
            "a",
            m -> {},
            new DiscussionLog() {
              @Override
              public void record(EntryType type, TaskRef task, Map<String, ?> fields) {
                log.add(type.wireName());
              }

              @Override
              public void note(EntryType type, TaskRef task, Map<String, ?> fields) {
                log.add(type.wireName());
              }
            },
            new DiscussionSettings(
                "x", false, Duration.ofSeconds(1), 3, Quorum.TWO_THIRDS, List.of()));
    PlanDiscussion.Outcome out = plans.run(TASK, "Plan", Set.of("a", "silent-1", "silent-2"));
    assertThat(out.verdict()).isEqualTo(PlanDiscussion.Verdict.APPROVED);
    assertThat(out.rounds()).isEqualTo(1);
    assertThat(log).containsExactly("plan_proposed", "consensus_reached");
  }

  @Test
  void votesFromNonMembersTwiceOrForAnotherTakerAreNotCounted() {
    Tally t = new Tally("a", Set.of("a", "b", "c"), Quorum.TWO_THIRDS);
    assertThat(t.vote("x", Optional.empty())).isFalse(); // not a member
    assertThat(t.vote("a", Optional.empty())).isFalse(); // the taker already approves
    assertThat(t.vote("b", Optional.of("no"))).isTrue();
    assertThat(t.vote("b", Optional.empty())).isFalse(); // cannot turn into an approval
    assertThat(t.decide(false)).isEmpty();
    assertThat(t.vote("c", Optional.empty())).isTrue();
    assertThat(t.decide(false)).contains(Tally.Decision.APPROVED); // 2 of 3
  }

  @Test
  void twoThirdsIsExactNotPointSixSeven() {
    assertThat(Quorum.TWO_THIRDS.reached(2, 3)).isTrue();
    assertThat(Quorum.TWO_THIRDS.reached(1, 2)).isFalse();
    assertThat(Quorum.TWO_THIRDS.reached(6, 9)).isTrue();
    assertThat(Quorum.TWO_THIRDS.reached(5, 8)).isFalse();
    Tally two = new Tally("a", Set.of("a", "b"), Quorum.TWO_THIRDS);
    two.vote("b", Optional.of("no"));
    assertThat(two.decide(false)).contains(Tally.Decision.REVISE);
  }

  @Test
  void objectionRulesReadTheBlockByNameRoundAndWildcards() {
    String body =
        """
        text
        ```bzzz-objection
        # who rounds reason
        b 1,3 first reason
        * 2 everyone in round two
        malformed
        ```
        """;
    ObjectionRules b = new ObjectionRules(Set.of("b", "12D3KooWb"), List.of());
    ObjectionRules c =
        new ObjectionRules(
            Set.of("c"), List.of(Pattern.compile("DELETE", Pattern.CASE_INSENSITIVE)));
    assertThat(b.objection(review(1, "p", body))).contains("first reason");
    assertThat(b.objection(review(2, "p", body))).contains("everyone in round two");
    assertThat(b.objection(review(3, "p", body))).contains("first reason");
    assertThat(c.objection(review(1, "p", body))).isEmpty();
    assertThat(c.objection(review(1, "then delete it", body)))
        .hasValueSatisfying(r -> assertThat(r).contains("/DELETE/"));
    assertThat(b.objection(new PlanUnderReview(TASK, 1, "p", Optional.empty()))).isEmpty();
  }

  private static PlanUnderReview review(int round, String plan, String body) {
    return new PlanUnderReview(TASK, round, plan, Optional.of(body));
  }
}
