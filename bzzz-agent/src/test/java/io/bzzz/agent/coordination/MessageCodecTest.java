package io.bzzz.agent.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.agent.coordination.Payload.AvailabilityBroadcast;
import io.bzzz.agent.coordination.Payload.AvailabilityBroadcast.Status;
import io.bzzz.agent.coordination.Payload.CapabilityBroadcast;
import io.bzzz.agent.coordination.Payload.ContextFeedback;
import io.bzzz.agent.coordination.Payload.MetaDiscussion;
import io.bzzz.agent.coordination.Payload.TaskClaimed;
import io.bzzz.agent.coordination.Payload.TaskCompleted;
import io.bzzz.agent.coordination.Payload.TaskFailed;
import io.bzzz.agent.coordination.Payload.TaskHelpRequest;
import io.bzzz.agent.coordination.Payload.TaskHelpResponse;
import io.bzzz.agent.coordination.Payload.TaskProgress;
import io.bzzz.agent.coordination.Payload.Unknown;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageCodecTest {
  static final String PEER = "12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN";
  static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  static final TaskRef TASK = new TaskRef("local", "demo/sample", 3);
  private final MessageCodec codec = new MessageCodec();
  private final ObjectMapper json = new ObjectMapper();

  static Stream<Arguments> everyMessage() {
    return Stream.of(
        Arguments.of(
            new CapabilityBroadcast(
                PEER,
                List.of("git", "gpu"),
                List.of("llama3.1"),
                "0.1.0",
                "general",
                T,
                "startup",
                "ab".repeat(32),
                List.of("/ip4/10.0.0.2/tcp/4001/p2p/" + PEER),
                "http://10.0.0.2:8080/api/health"),
            List.of(
                "node_id",
                "capabilities",
                "models",
                "version",
                "specialization",
                "timestamp",
                "reason",
                "log_key",
                "multiaddrs",
                "api")),
        Arguments.of(
            new CapabilityBroadcast(
                PEER,
                List.of("git"),
                List.of(),
                "0.1.0",
                "general",
                T,
                "startup",
                "ab".repeat(32),
                List.of("/ip4/10.0.0.2/tcp/4001/p2p/" + PEER),
                "",
                "agent-7"),
            List.of(
                "node_id",
                "capabilities",
                "models",
                "version",
                "specialization",
                "timestamp",
                "reason",
                "log_key",
                "multiaddrs",
                "api",
                "name")),
        Arguments.of(
            AvailabilityBroadcast.of(PEER, 1, 2, T, T, List.of("12D3KooWx")),
            List.of(
                "node_id",
                "available_for_work",
                "current_tasks",
                "max_tasks",
                "last_activity",
                "status",
                "timestamp",
                "missing_peers")),
        Arguments.of(
            AvailabilityBroadcast.of(PEER, 0, 1, T, T, List.of())
                .withHeardPeers(java.util.Optional.of(List.of("12D3KooWa", "12D3KooWb"))),
            List.of(
                "node_id",
                "available_for_work",
                "current_tasks",
                "max_tasks",
                "last_activity",
                "status",
                "timestamp",
                "missing_peers",
                "heard_peers")),
        Arguments.of(
            AvailabilityBroadcast.of(PEER, 0, 1, T, T, List.of())
                .withHeardPeers(java.util.Optional.of(List.of())), // hears nobody: still a vote
            List.of(
                "node_id",
                "available_for_work",
                "current_tasks",
                "max_tasks",
                "last_activity",
                "status",
                "timestamp",
                "missing_peers",
                "heard_peers")),
        Arguments.of(
            AvailabilityBroadcast.of(PEER, 1, 1, T, T, List.of())
                .withResultsWaiting(List.of(TASK)), // a finished result waits for the tracker
            List.of(
                "node_id",
                "available_for_work",
                "current_tasks",
                "max_tasks",
                "last_activity",
                "status",
                "timestamp",
                "missing_peers",
                "results_waiting")),
        Arguments.of(
            AvailabilityBroadcast.of(PEER, 1, 1, T, T, List.of())
                .withResultsHeld(List.of(new HeldResult("other", TASK))), // relayed hold
            List.of(
                "node_id",
                "available_for_work",
                "current_tasks",
                "max_tasks",
                "last_activity",
                "status",
                "timestamp",
                "missing_peers",
                "results_held")),
        Arguments.of(
            AvailabilityBroadcast.goodbye(PEER, 2, T, T),
            List.of(
                "node_id",
                "available_for_work",
                "current_tasks",
                "max_tasks",
                "last_activity",
                "status",
                "timestamp",
                "missing_peers",
                "leaving")),
        Arguments.of(
            new TaskClaimed(TASK, PEER, "bzzz/task-3", 1),
            List.of("task", "node_id", "branch", "attempt")),
        Arguments.of(
            new TaskProgress(TASK, PEER, "executing", "running the script"),
            List.of("task", "node_id", "stage", "message")),
        Arguments.of(
            new TaskCompleted(TASK, PEER, "http://x/pulls/4", "done"),
            List.of("task", "node_id", "pull_request", "summary")),
        Arguments.of(new TaskFailed(TASK, PEER, "exit 1"), List.of("task", "node_id", "reason")),
        Arguments.of(
            new TaskHelpRequest("req-1", TASK, "needs gpu", List.of("gpu"), PEER),
            List.of("request_id", "task", "reason", "required_capabilities", "origin")),
        Arguments.of(
            new TaskHelpResponse("req-1", TASK, PEER, true, List.of("gpu")),
            List.of("request_id", "task", "responder", "can_help", "capabilities")),
        Arguments.of(new MetaDiscussion(TASK, "plan", "I will"), List.of("task", "kind", "text")),
        Arguments.of(new ContextFeedback(TASK, 1, "good"), List.of("task", "rating", "text")));
  }

  @ParameterizedTest
  @MethodSource("everyMessage")
  void roundTripsWithTheContractFieldNames(Payload payload, List<String> fields) throws Exception {
    Envelope env = new Envelope(PEER, T, 2, payload);
    byte[] bytes = codec.encode(env);

    JsonNode root = json.readTree(bytes);
    assertThat(root.properties().stream().map(java.util.Map.Entry::getKey))
        .containsExactly("type", "from", "timestamp", "data", "hop_count");
    assertThat(root.get("type").asText()).isEqualTo(payload.wireType());
    assertThat(root.get("timestamp").asText()).isEqualTo("2026-11-22T10:00:00Z");
    assertThat(root.get("hop_count").asInt()).isEqualTo(2);
    assertThat(root.get("data").properties().stream().map(java.util.Map.Entry::getKey))
        .containsExactlyInAnyOrderElementsOf(fields);
    if (root.get("data").has("task")) {
      assertThat(root.get("data").get("task").toString())
          .isEqualTo("{\"tracker\":\"local\",\"repository\":\"demo/sample\",\"number\":3}");
    }
    assertThat(codec.decode(bytes)).isEqualTo(env);
  }

  @Test
  void availabilityNumbersDecideTheStatus() {
    assertThat(AvailabilityBroadcast.of(PEER, 0, 2, T, T, List.of()))
        .extracting(AvailabilityBroadcast::status, AvailabilityBroadcast::availableForWork)
        .containsExactly(Status.READY, true);
    assertThat(AvailabilityBroadcast.of(PEER, 1, 2, T, T, List.of()))
        .extracting(AvailabilityBroadcast::status, AvailabilityBroadcast::availableForWork)
        .containsExactly(Status.WORKING, true);
    assertThat(AvailabilityBroadcast.of(PEER, 2, 2, T, T, List.of()))
        .extracting(AvailabilityBroadcast::status, AvailabilityBroadcast::availableForWork)
        .containsExactly(Status.BUSY, false);
  }

  @Test
  void decodesAGoAgentsMessage() throws Exception {
    // Go's time.Time with nanoseconds and an offset, hop_count omitted (omitempty), no
    // missing_peers.
    String go =
        """
        {"type":"availability_broadcast","from":"%s","timestamp":"2026-11-22T11:00:00.123456789+01:00",
         "data":{"node_id":"%s","available_for_work":true,"current_tasks":0,"max_tasks":3,
                 "last_activity":1763805600,"status":"ready","timestamp":1763805600}}
        """
            .formatted(PEER, PEER);
    Envelope env = codec.decode(go.getBytes(StandardCharsets.UTF_8));

    assertThat(env.hopCount()).isZero();
    assertThat(env.timestamp()).isEqualTo(Instant.parse("2026-11-22T10:00:00.123456789Z"));
    AvailabilityBroadcast a = (AvailabilityBroadcast) env.data();
    assertThat(a.maxTasks()).isEqualTo(3);
    assertThat(a.missingPeers()).isEmpty();
    assertThat(a.lastActivity()).isEqualTo(Instant.ofEpochSecond(1763805600));
  }

  @Test
  void unknownTypesDecodeToUnknownAndReEncodeTheirData() throws Exception {
    String msg =
        "{\"type\":\"task_announcement\",\"from\":\"p\",\"timestamp\":\"2026-11-22T10:00:00Z\","
            + "\"data\":{\"x\":1}}";
    Envelope env = codec.decode(msg.getBytes(StandardCharsets.UTF_8));
    assertThat(env.data()).isInstanceOf(Unknown.class);
    assertThat(env.type()).isEqualTo("task_announcement");
    assertThat(json.readTree(codec.encode(env)).get("data").get("x").asInt()).isEqualTo(1);
  }

  static Stream<Arguments> malformed() {
    String ok = "\"from\":\"p\",\"timestamp\":\"2026-11-22T10:00:00Z\"";
    return Stream.of(
        Arguments.of("not json", "not valid JSON"),
        Arguments.of("[1,2]", "envelope: expected a JSON object"),
        Arguments.of("{" + ok + "}", "envelope.type: missing"),
        Arguments.of("{\"type\":7," + ok + "}", "envelope.type: expected a string"),
        Arguments.of(
            "{\"type\":\"task_failed\",\"from\":\"p\",\"timestamp\":\"yesterday\",\"data\":{}}",
            "envelope.timestamp: not an RFC 3339 time"),
        Arguments.of("{\"type\":\"task_failed\"," + ok + "}", "envelope.data: missing"),
        Arguments.of(
            "{\"type\":\"task_failed\"," + ok + ",\"data\":{\"node_id\":\"p\"}}",
            "envelope.data.task: missing"),
        Arguments.of(
            "{\"type\":\"task_failed\","
                + ok
                + ",\"data\":{\"node_id\":\"p\",\"task\":{\"tracker\":\"l\",\"repository\":\"r\","
                + "\"number\":\"3\"}}}",
            "envelope.data.task.number: expected an integer"),
        Arguments.of(
            "{\"type\":\"availability_broadcast\","
                + ok
                + ",\"data\":{\"node_id\":\"p\",\"available_for_work\":true,\"current_tasks\":-1,"
                + "\"max_tasks\":1,\"status\":\"ready\"}}",
            "data.current_tasks: out of range"),
        Arguments.of(
            "{\"type\":\"availability_broadcast\","
                + ok
                + ",\"data\":{\"node_id\":\"p\",\"available_for_work\":true,\"current_tasks\":0,"
                + "\"max_tasks\":1,\"status\":\"sleepy\"}}",
            "data.status: 'sleepy' is not one of ready, working, busy"),
        Arguments.of(
            "{\"type\":\"availability_broadcast\","
                + ok
                + ",\"data\":{\"node_id\":\"p\",\"available_for_work\":true,\"current_tasks\":0,"
                + "\"max_tasks\":1,\"status\":\"ready\",\"results_waiting\":\"all\"}}",
            "data.results_waiting: expected an array of objects"),
        Arguments.of(
            "{\"type\":\"availability_broadcast\","
                + ok
                + ",\"data\":{\"node_id\":\"p\",\"available_for_work\":true,\"current_tasks\":0,"
                + "\"max_tasks\":1,\"status\":\"ready\",\"results_waiting\":"
                + "[{\"tracker\":\"l\",\"repository\":\"r\",\"number\":0}]}}",
            "must be positive"),
        Arguments.of(
            "{\"type\":\"availability_broadcast\","
                + ok
                + ",\"data\":{\"node_id\":\"p\",\"available_for_work\":true,\"current_tasks\":0,"
                + "\"max_tasks\":1,\"status\":\"ready\",\"results_held\":"
                + "[{\"tracker\":\"l\",\"repository\":\"r\",\"number\":3}]}}",
            "node_id"),
        Arguments.of(
            "{\"type\":\"task_help_request\"," + ok + ",\"hop_count\":-1,\"data\":{}}",
            "envelope.hop_count: negative"),
        Arguments.of("{\"type\":\"x\"," + ok + "} trailing", "not valid JSON"),
        Arguments.of("[".repeat(100), "not valid JSON"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedInputGetsAPreciseError(String input, String message) {
    assertThatThrownBy(() -> codec.decode(input.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining(message);
  }

  @Test
  void sizeLimitsAreCheckedBeforeParsing() {
    MessageCodec small = new MessageCodec(1024);
    byte[] big = ("{\"pad\":\"" + "x".repeat(2000) + "\"}").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> small.decode(big))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("over the limit of 1024");
    List<String> many = java.util.Collections.nCopies(JsonFields.MAX_LIST + 1, "cap");
    String msg =
        "{\"type\":\"task_help_response\",\"from\":\"p\",\"timestamp\":\"2026-11-22T10:00:00Z\","
            + "\"data\":{\"request_id\":\"r\",\"responder\":\"p\",\"can_help\":true,"
            + "\"task\":{\"tracker\":\"l\",\"repository\":\"r\",\"number\":1},\"capabilities\":"
            + json.valueToTree(many)
            + "}}";
    assertThatThrownBy(() -> codec.decode(msg.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("data.capabilities: 257 entries");
  }

  @Test
  void topicsFollowTheProfile() {
    Topics bzzz = Topics.Profile.BZZZ.topics();
    assertThat(bzzz.topicFor(MessageType.TASK_HELP_REQUEST)).isEqualTo("bzzz/coordination/v1");
    assertThat(bzzz.topicFor(MessageType.META_DISCUSSION)).isEqualTo("antennae/meta-discussion/v1");
    Topics chorus = Topics.Profile.CHORUS.topics();
    assertThat(chorus.coordination()).isEqualTo("CHORUS/coordination/v1");
    assertThat(chorus.metaDiscussion()).isEqualTo("hmmm/meta-discussion/v1");
    assertThat(chorus.contextFeedback()).isEqualTo("CHORUS/context-feedback/v1");
  }

  @Test
  void aCapabilityNameTooLongOrWithControlCharactersIsReadAsEmpty() {
    CapabilityBroadcast longName =
        new CapabilityBroadcast(
            PEER, List.of(), List.of(), "", "", T, "", "", List.of(), "", "x".repeat(129));
    CapabilityBroadcast control =
        new CapabilityBroadcast(
            PEER, List.of(), List.of(), "", "", T, "", "", List.of(), "", "agent\n[fake log]");
    assertThat(longName.name()).isEmpty();
    assertThat(control.name()).isEmpty();
    assertThat(
            new CapabilityBroadcast(
                    PEER, List.of(), List.of(), "", "", T, "", "", List.of(), "", "x".repeat(128))
                .name())
        .hasSize(128);
  }
}
