package io.bzzz.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.agent.council.CouncilMessage;
import io.bzzz.agent.council.CouncilState;
import io.bzzz.agent.council.CouncilView;
import io.bzzz.agent.council.PlanItem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plan graph in {@code GET /api/v1/councils}: one object per subtask, in contract form. */
class CouncilJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static CouncilView view(List<PlanItem> plan) {
    return new CouncilView(
        "7",
        "admin/demo",
        7,
        "Mural",
        CouncilState.FORMED,
        1,
        List.of("arch", "dev"),
        List.of(),
        "arch",
        Map.of("arch", new CouncilMessage.Member("Peer1", "agent-1")),
        List.of(),
        Optional.empty(),
        plan.stream().map(PlanItem::number).toList(),
        plan);
  }

  @Test
  void eachSubtaskHasNumberTitleRoleDependenciesAndState() throws Exception {
    JsonNode c =
        JSON.readTree(
                CouncilJson.list(
                    List.of(
                        view(
                            List.of(
                                new PlanItem(10, "Design", "arch", List.of(), "done"),
                                new PlanItem(
                                    12, "Build <b>it</b>", "dev", List.of(10, 11), "claimed"))))))
            .path("councils")
            .get(0);
    assertThat(c.path("subtasks").toString()).isEqualTo("[10,12]");
    JsonNode plan = c.path("plan");
    assertThat(plan).hasSize(2);
    assertThat(plan.get(0).toString())
        .isEqualTo(
            "{\"number\":10,\"title\":\"Design\",\"role\":\"arch\",\"depends_on\":[],"
                + "\"state\":\"done\"}");
    assertThat(plan.get(1).path("title").asText()).isEqualTo("Build <b>it</b>");
    assertThat(plan.get(1).path("depends_on").toString()).isEqualTo("[10,11]");
    assertThat(plan.get(1).path("state").asText()).isEqualTo("claimed");
  }

  @Test
  void aCouncilWithoutKnownSubtasksHasAnEmptyPlan() throws Exception {
    JsonNode c = JSON.readTree(CouncilJson.one(view(List.of())));
    assertThat(c.path("plan").isArray()).isTrue();
    assertThat(c.path("plan")).isEmpty();
  }
}
