package io.bzzz.agent.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The additive fields of {@code meta_discussion} and {@code context_feedback} on the wire. */
class DiscussionWireTest {
  private static final TaskRef TASK = new TaskRef("gitea", "admin/mesh", 3);
  private final MessageCodec codec = new MessageCodec();

  private Envelope roundTrip(Payload p) throws MalformedMessageException {
    return codec.decode(codec.encode(Envelope.of("12D3KooWa", Instant.EPOCH, p)));
  }

  @Test
  void aPlanAndADecisionKeepEveryField() throws Exception {
    Payload.Round plan =
        new Payload.Round(
            2,
            "",
            List.of("a", "b"),
            5000,
            "",
            List.of(),
            List.of(new Payload.Objection("b", "why")));
    Payload.MetaDiscussion m =
        new Payload.MetaDiscussion(TASK, "plan", "Revised", Optional.of(plan));
    assertThat(roundTrip(m).data()).isEqualTo(m);
    Payload.Round decision =
        new Payload.Round(3, "", List.of(), 0, "escalated", List.of("a"), List.of());
    Payload.MetaDiscussion d =
        new Payload.MetaDiscussion(TASK, "decision", "x", Optional.of(decision));
    assertThat(roundTrip(d).data()).isEqualTo(d);
    String json = new String(codec.encode(Envelope.of("a", Instant.EPOCH, d)), UTF8);
    assertThat(json).contains("\"outcome\":\"escalated\"").doesNotContain("window_ms");
  }

  @Test
  void anAnnouncementWithoutARoundIsUnchangedOnTheWire() throws Exception {
    Payload.MetaDiscussion old = new Payload.MetaDiscussion(TASK, "plan", "Plan: x");
    String json = new String(codec.encode(Envelope.of("a", Instant.EPOCH, old)), UTF8);
    assertThat(json).doesNotContain("round").doesNotContain("members");
    assertThat(roundTrip(old).data()).isEqualTo(old);
  }

  @Test
  void feedbackCarriesWhatHelped() throws Exception {
    Payload.ContextFeedback f =
        new Payload.ContextFeedback(
            TASK, 1, "ok", Optional.of(new Payload.Helped("a", "script", 1200, 2, 2)));
    assertThat(roundTrip(f).data()).isEqualTo(f);
    assertThat(roundTrip(new Payload.ContextFeedback(TASK, 0, "t")).data())
        .isEqualTo(new Payload.ContextFeedback(TASK, 0, "t"));
  }

  @Test
  void aBadRoundIsAPreciseError() {
    String bad =
        "{\"type\":\"meta_discussion\",\"from\":\"a\",\"timestamp\":\"2026-01-01T00:00:00Z\","
            + "\"data\":{\"task\":{\"tracker\":\"gitea\",\"repository\":\"o/r\",\"number\":1},"
            + "\"kind\":\"objection\",\"round\":0}}";
    assertThatThrownBy(() -> codec.decode(bad.getBytes(UTF8))).hasMessageContaining("data.round");
    String objections = bad.replace("\"round\":0", "\"round\":1,\"objections\":[\"x\"]");
    assertThatThrownBy(() -> codec.decode(objections.getBytes(UTF8)))
        .hasMessageContaining("data.objections[0]");
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}
