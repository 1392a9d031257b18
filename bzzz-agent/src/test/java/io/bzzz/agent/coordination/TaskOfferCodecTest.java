package io.bzzz.agent.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.agent.coordination.Payload.TaskOffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskOfferCodecTest {
  private final MessageCodec codec = new MessageCodec();

  @Test
  void anOfferRoundTripsWithTheContractFieldNames() throws Exception {
    TaskOffer offer =
        new TaskOffer(
            new TaskRef("gitea", "o/r", 7),
            2,
            "bzzz/task-7-a2",
            "12D3KooWowner",
            "cpu",
            0.93,
            List.of("bzzz-task", "needs:gpu"),
            Instant.parse("2026-12-02T12:00:03Z"));
    Envelope env = Envelope.of("12D3KooWowner", Instant.parse("2026-12-02T12:00:00Z"), offer);
    byte[] bytes = codec.encode(env);
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .contains("\"type\":\"task_offer\"")
        .contains("\"attempt\":2")
        .contains("\"branch\":\"bzzz/task-7-a2\"")
        .contains("\"offerer\":\"12D3KooWowner\"")
        .contains("\"reason\":\"cpu\"")
        .contains("\"load\":0.93")
        .contains("\"deadline\":\"2026-12-02T12:00:03Z\"");
    assertThat(codec.decode(bytes)).isEqualTo(env);
  }

  @Test
  void aBadAttemptLoadOrMissingFieldIsMalformed() {
    String base =
        "{\"type\":\"task_offer\",\"from\":\"p\",\"timestamp\":\"2026-12-02T12:00:00Z\",\"data\":"
            + "{\"task\":{\"tracker\":\"gitea\",\"repository\":\"o/r\",\"number\":1},"
            + "\"branch\":\"bzzz/task-1\",\"offerer\":\"p\",\"labels\":[],%s}}";
    String deadline = "\"deadline\":\"2026-12-02T12:00:03Z\"";
    assertThatThrownBy(() -> decode(base.formatted("\"attempt\":0,\"load\":0.9," + deadline)))
        .hasMessageContaining("data.attempt");
    assertThatThrownBy(() -> decode(base.formatted("\"attempt\":1,\"load\":1.5," + deadline)))
        .hasMessageContaining("data.load");
    assertThatThrownBy(() -> decode(base.formatted("\"attempt\":1,\"load\":\"hot\"," + deadline)))
        .hasMessageContaining("data.load");
    assertThatThrownBy(() -> decode(base.formatted("\"attempt\":1,\"load\":0.9")))
        .hasMessageContaining("data.deadline");
  }

  private Envelope decode(String json) throws MalformedMessageException {
    return codec.decode(json.getBytes(StandardCharsets.UTF_8));
  }
}
