package io.bzzz.agent.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.agent.coordination.Payload.TaskBid;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskBidCodecTest {
  private final MessageCodec codec = new MessageCodec();

  @Test
  void aBidRoundTripsWithItsScoreExactly() throws Exception {
    TaskBid bid =
        new TaskBid(
            new TaskRef("gitea", "o/r", 3),
            "12D3KooWbidder",
            0.734512,
            new TaskBid.Terms(1, 0.65, 0.5, 0.412345),
            "12D3KooWopener/o/r#3@1",
            Instant.parse("2026-12-02T12:00:00.400Z"),
            List.of("bzzz-task", "prefers:gpu"),
            2,
            false);
    Envelope env = Envelope.of("12D3KooWbidder", Instant.parse("2026-12-02T12:00:00Z"), bid);
    byte[] bytes = codec.encode(env);
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .contains("\"type\":\"task_bid\"")
        .contains("\"free_slots\":2")
        .doesNotContain("abstain");
    assertThat(codec.decode(bytes)).isEqualTo(env);
  }

  @Test
  void badNumbersAreMalformed() {
    String base =
        "{\"type\":\"task_bid\",\"from\":\"p\",\"timestamp\":\"2026-12-02T12:00:00Z\",\"data\":"
            + "{\"task\":{\"tracker\":\"gitea\",\"repository\":\"o/r\",\"number\":1},"
            + "\"bidder\":\"p\",\"deadline\":\"2026-12-02T12:00:01Z\",\"labels\":[],%s}}";
    String terms = "\"terms\":{\"capability\":1,\"load\":1,\"performance\":1,\"resources\":1}";
    assertThatThrownBy(
            () -> decode(base.formatted("\"score\":\"high\"," + terms + ",\"free_slots\":1")))
        .hasMessageContaining("data.score");
    assertThatThrownBy(
            () -> decode(base.formatted("\"score\":1e999," + terms + ",\"free_slots\":1")))
        .isInstanceOf(MalformedMessageException.class);
    assertThatThrownBy(() -> decode(base.formatted("\"score\":1," + terms + ",\"free_slots\":-1")))
        .hasMessageContaining("free_slots");
    assertThatThrownBy(() -> decode(base.formatted("\"score\":1,\"free_slots\":1")))
        .hasMessageContaining("data.terms");
  }

  private Envelope decode(String json) throws MalformedMessageException {
    return codec.decode(json.getBytes(StandardCharsets.UTF_8));
  }
}
