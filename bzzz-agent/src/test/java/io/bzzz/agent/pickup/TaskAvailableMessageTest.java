package io.bzzz.agent.pickup;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.coordination.Envelope;
import io.bzzz.agent.coordination.MessageCodec;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.TaskRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code task_available} on the wire, and what a receiving agent makes of it: a hint when the
 * announcer sent it, nothing when a peer announces in another's name.
 */
class TaskAvailableMessageTest {
  private final MessageCodec codec = new MessageCodec();

  @Test
  void roundTripsWithTheDocumentedFields() throws Exception {
    Payload.TaskAvailable sent =
        new Payload.TaskAvailable(
            new TaskRef("gitea", "admin/demo", 12), List.of("bzzz-task"), "webhook", "12D3KooA");
    byte[] wire =
        codec.encode(Envelope.of("12D3KooA", Instant.parse("2026-12-01T10:00:00Z"), sent));
    String json = new String(wire, StandardCharsets.UTF_8);
    assertThat(json)
        .contains("\"type\":\"task_available\"")
        .contains("\"task\":{\"tracker\":\"gitea\",\"repository\":\"admin/demo\",\"number\":12}")
        .contains("\"labels\":[\"bzzz-task\"]")
        .contains("\"source\":\"webhook\"")
        .contains("\"announcer\":\"12D3KooA\"");
    assertThat(codec.decode(wire).data()).isEqualTo(sent);
  }

  @Test
  void onlyTheAnnouncerMayAnnounce() {
    List<TaskHint> looked = new ArrayList<>();
    try (PushPickup pickup =
        PushPickup.create(
            "12D3KooSelf",
            "gitea",
            Set.of("admin/demo"),
            Optional.empty(),
            new io.bzzz.agent.coordination.PeerTable(
                "12D3KooSelf", java.time.Duration.ofSeconds(30), java.time.InstantSource.system()),
            () -> true,
            looked::add,
            p -> {},
            new PickupMetrics(),
            java.time.InstantSource.system())) {
      Payload.TaskAvailable a =
          new Payload.TaskAvailable(
              new TaskRef("gitea", "admin/demo", 3), List.of("bzzz-task"), "webhook", "12D3KooA");
      pickup.heard(Envelope.of("12D3KooMallory", Instant.now(), a));
      assertThat(looked).as("announced in another's name").isEmpty();
      pickup.heard(Envelope.of("12D3KooA", Instant.now(), a));
      assertThat(looked)
          .singleElement()
          .satisfies(h -> assertThat(h.origin()).isEqualTo(TaskHint.Origin.MESH));
      assertThat(pickup.webhooks()).as("no secret: no endpoints").isEmpty();
    }
  }
}
