package io.bzzz.agent.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.capability.Capabilities;
import io.bzzz.agent.capability.Gpu;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TaskPlanningTest {
  record Issue(long number, List<String> labels) {}

  @Test
  void rankingKeepsWhatWeCanDoDemandingFirstThenOldest() {
    Capabilities caps =
        new Capabilities(
            4, 1, List.of(new Gpu("T4", 1)), List.of("llama3.1:latest"), List.of("git"), List.of());
    List<Issue> issues =
        List.of(
            new Issue(1, List.of("bzzz-task")),
            new Issue(2, List.of("bzzz-task", "needs:docker")),
            new Issue(3, List.of("bzzz-task", "needs:gpu")),
            new Issue(4, List.of("bzzz-task", "needs:gpu", "model:llama3.1")),
            new Issue(5, List.of("bzzz-task")));

    List<Issue> ranked = TaskRanking.rank(issues, Issue::labels, Issue::number, caps);

    assertThat(ranked).extracting(Issue::number).containsExactly(4L, 3L, 1L, 5L);
  }

  @Test
  void everyAgentAgreesOnOnePollerPerRepository() {
    List<String> peers = List.of("12D3KooWA", "12D3KooWB", "12D3KooWC", "12D3KooWD", "12D3KooWE");
    for (String repo : List.of("demo/a", "demo/b", "acme/app")) {
      long pollers = peers.stream().filter(p -> PollRota.shouldPoll(p, repo, peers)).count();
      assertThat(pollers).as(repo).isEqualTo(1);
      // Order of the view does not matter.
      assertThat(PollRota.poller(repo, peers.reversed())).isEqualTo(PollRota.poller(repo, peers));
    }
  }

  @Test
  void whenThePollerLeavesAnotherTakesOverAndOthersDoNotMove() {
    List<String> peers = IntStream.range(0, 5).mapToObj(i -> "peer-" + i).toList();
    String repo = "demo/sample";
    String poller = PollRota.poller(repo, peers);
    List<String> rest = peers.stream().filter(p -> !p.equals(poller)).toList();
    String next = PollRota.poller(repo, rest);
    assertThat(next).isNotEqualTo(poller);
    // Removing someone who is not the poller changes nothing.
    String other = rest.stream().filter(p -> !p.equals(next)).findFirst().orElseThrow();
    List<String> withoutOther = peers.stream().filter(p -> !p.equals(other)).toList();
    assertThat(PollRota.poller(repo, withoutOther)).isEqualTo(poller);
  }

  @Test
  void repositoriesSpreadOverAgents() {
    List<String> peers = IntStream.range(0, 5).mapToObj(i -> "peer-" + i).toList();
    Map<String, Integer> load = new HashMap<>();
    for (int r = 0; r < 200; r++) {
      load.merge(PollRota.poller("org/repo-" + r, peers), 1, Integer::sum);
    }
    assertThat(load).hasSize(5);
    assertThat(load.values()).allSatisfy(n -> assertThat(n).isBetween(20, 60));
  }

  @Test
  void aPlanFromTheIssueTakesTheFirstProseParagraph() {
    String body =
        "## Goal\n\n```bzzz-script\necho hi\n```\n\nWrite   the greeting\nfile for users.\n\n"
            + "Second paragraph.";
    assertThat(Plans.fromIssue("Add greeting ", body))
        .isEqualTo("Plan: Add greeting. Write the greeting file for users.");
    assertThat(Plans.fromIssue("T", "")).isEqualTo("Plan: T");
    assertThat(Plans.fromIssue("T", "x".repeat(1000))).hasSize(Plans.MAX_CHARS).endsWith("...");
  }
}
