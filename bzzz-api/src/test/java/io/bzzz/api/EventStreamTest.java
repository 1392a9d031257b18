package io.bzzz.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.agent.coordination.Envelope;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.events.AgentEvent;
import io.bzzz.agent.events.EventHub;
import io.bzzz.agent.events.Events;
import io.bzzz.agent.runtime.AgentMetrics;
import io.bzzz.agent.runtime.AgentView;
import io.bzzz.agent.runtime.TaskBoard;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/events} over a real socket, fed by a real {@link EventHub}. */
class EventStreamTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final TaskRef TASK = new TaskRef("gitea", "admin/demo", 3);

  private final StubView view = new StubView();
  private ApiServer server;

  /** An agent view whose tasks a test sets and whose events a test publishes. */
  private static final class StubView implements AgentView {
    final EventHub hub = new EventHub(InstantSource.system());
    final List<TaskBoard.Entry> tasks = new CopyOnWriteArrayList<>();

    @Override
    public Health health() {
      return new Health(
          "ok",
          "12D3KooWSelf",
          List.of(),
          0,
          List.of(),
          1,
          new AgentInfo(
              "12D3KooWSelf", "a1", List.of("git"), List.of(), "general", "dev", 1, 0, "ab"));
    }

    @Override
    public Mesh mesh() {
      return new Mesh(
          health().agent(), "ready", "", List.of(), List.of(), List.of(), Map.of(), tasks);
    }

    @Override
    public EventHub events() {
      return hub;
    }

    @Override
    public List<BootstrapPeer> bootstrapPeers() {
      return List.of();
    }

    @Override
    public List<PeerTable.PeerView> peers() {
      return List.of();
    }

    @Override
    public List<TaskBoard.Entry> tasks() {
      return tasks;
    }

    @Override
    public Metrics metrics() { // only the snapshot's scheduling figures read it: all zero
      return new Metrics(
          0,
          Map.of(),
          Map.of(),
          0,
          new AgentMetrics().snapshot(),
          0,
          0,
          new io.prometheus.metrics.model.snapshots.MetricSnapshots());
    }
  }

  @BeforeEach
  void start() throws Exception {
    server = ApiServer.start("127.0.0.1", 0, view);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aClientGetsASnapshotFirstThenEveryEventInOrder() throws Exception {
    try (SseClient sse = SseClient.open(server.baseUrl())) {
      assertThat(sse.response().statusCode()).isEqualTo(200);
      assertThat(sse.response().headers().firstValue("content-type"))
          .hasValue("text/event-stream; charset=utf-8");
      // no peer origin asked: no page of another origin may read the stream
      assertThat(sse.response().headers().firstValue("access-control-allow-origin")).isEmpty();
      SseClient.Event snapshot = sse.next(WAIT).orElseThrow();
      assertThat(snapshot.event()).isEqualTo("snapshot");
      assertThat(snapshot.data().path("agent").path("name").asText()).isEqualTo("a1");

      view.hub.publish(
          Events.peer(
              new PeerTable.Change("12D3KooWPeer", Optional.empty(), PeerTable.State.LIVE)));
      view.hub.publish(
          Events.message(
              AgentEvent.Direction.RECEIVED,
              "bzzz/coordination/v1",
              Envelope.of(
                  "12D3KooWPeer",
                  Instant.parse("2026-11-22T10:00:00Z"),
                  new Payload.TaskClaimed(TASK, "12D3KooWPeer", "bzzz/task-3", 1))));
      view.hub.publish(
          new AgentEvent.TaskChanged(
              TASK, "Write note 3", "running", "running", "bzzz/task-3", 1, Optional.empty()));
      view.hub.publish(new AgentEvent.LogAppended("task_claimed", 7));

      SseClient.Event peer = sse.next(WAIT).orElseThrow();
      SseClient.Event message = sse.next(WAIT).orElseThrow();
      SseClient.Event task = sse.next(WAIT).orElseThrow();
      SseClient.Event log = sse.next(WAIT).orElseThrow();
      assertThat(List.of(peer.event(), message.event(), task.event(), log.event()))
          .containsExactly("peer", "message", "task", "log");
      assertThat(List.of(peer.id(), message.id(), task.id(), log.id()))
          .containsExactly("1", "2", "3", "4");
      assertThat(peer.data().path("peer_id").asText()).isEqualTo("12D3KooWPeer");
      assertThat(peer.data().path("state").asText()).isEqualTo("live");
      assertThat(message.data().path("direction").asText()).isEqualTo("received");
      assertThat(message.data().path("type").asText()).isEqualTo("task_claimed");
      assertThat(message.data().path("task").path("number").asLong()).isEqualTo(3);
      assertThat(message.data().path("note").asText()).isEqualTo("attempt 1");
      assertThat(task.data().path("stage").asText()).isEqualTo("running");
      assertThat(log.data().path("entry_type").asText()).isEqualTo("task_claimed");
      assertThat(log.data().path("length").asLong()).isEqualTo(7);
    }
  }

  @Test
  void messageEventsCarryNoFreeText() throws Exception {
    try (SseClient sse = SseClient.open(server.baseUrl())) {
      assertThat(sse.next(WAIT)).as("snapshot").isPresent();
      view.hub.publish(
          Events.message(
              AgentEvent.Direction.SENT,
              "bzzz/coordination/v1",
              Envelope.of(
                  "12D3KooWSelf",
                  Instant.now(),
                  new Payload.TaskCompleted(
                      TASK, "12D3KooWSelf", "http://pr/1", "summary with secret-ish text"))));
      SseClient.Event e = sse.next(WAIT).orElseThrow();
      assertThat(e.data().toString()).doesNotContain("summary", "secret", "http://pr/1");
      assertThat(e.data().path("type").asText()).isEqualTo("task_completed");
    }
  }

  @Test
  void aReconnectingClientGetsAFreshSnapshotFirst() throws Exception {
    try (SseClient first = SseClient.open(server.baseUrl())) {
      assertThat(first.next(WAIT).orElseThrow().data().path("tasks")).isEmpty();
    }
    view.tasks.add(
        new TaskBoard.Entry(
            TASK,
            "Write note 3",
            "bzzz/task-3",
            1,
            TaskBoard.Stage.COMPLETED,
            "1 files changed",
            Optional.of("http://pr/1"),
            Instant.now()));
    view.hub.publish(new AgentEvent.LogAppended("task_completed", 9)); // missed while away
    try (SseClient again = SseClient.open(server.baseUrl())) {
      SseClient.Event snapshot = again.next(WAIT).orElseThrow();
      assertThat(snapshot.event()).isEqualTo("snapshot");
      assertThat(snapshot.data().path("tasks").get(0).path("stage").asText())
          .isEqualTo("completed");
      view.hub.publish(new AgentEvent.LogAppended("peer_joined", 10));
      SseClient.Event next = again.next(WAIT).orElseThrow();
      assertThat(next.data().path("length").asLong()).isEqualTo(10);
    }
  }

  @Test
  void aClientThatStopsReadingIsDroppedAndNeverBlocksTheAgent() throws Exception {
    try (Socket slow = new Socket()) {
      slow.setReceiveBufferSize(4096); // small, so the server's writes back up quickly
      URI base = URI.create(server.baseUrl());
      slow.connect(new InetSocketAddress(base.getHost(), base.getPort()));
      OutputStream out = slow.getOutputStream();
      out.write(
          ("GET /api/v1/events HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      await().atMost(WAIT).until(() -> view.hub.subscriberCount() == 1);

      // The agent goes on publishing while this client reads nothing: far more than the socket
      // buffers and the per-client queue hold.
      String big = "x".repeat(2000);
      Thread publisher =
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < 20_000; i++) {
                      view.hub.publish(new AgentEvent.LogAppended(big, i));
                    }
                  });
      publisher.join(WAIT); // never waits for the client
      assertThat(publisher.isAlive()).as("publisher blocked by a slow client").isFalse();

      await().atMost(WAIT).until(() -> view.hub.subscriberCount() == 0);
      await().atMost(WAIT).until(() -> server.openEventStreams() == 0);
      // The server cut the connection: what was in flight drains, then end of stream.
      slow.setSoTimeout((int) WAIT.toMillis());
      InputStream in = slow.getInputStream();
      byte[] buf = new byte[65536];
      long total = 0;
      int n;
      try {
        while ((n = in.read(buf)) >= 0) {
          total += n;
        }
      } catch (java.net.SocketException reset) {
        // a reset is also a cut
      }
      assertThat(total).isLessThan(20_000L * 2000);
    }
    // Everyone else is still served.
    try (SseClient fine = SseClient.open(server.baseUrl())) {
      assertThat(fine.next(WAIT).orElseThrow().event()).isEqualTo("snapshot");
    }
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(URI.create(server.healthUrl())).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void closingTheServerEndsOpenStreams() throws Exception {
    SseClient sse = SseClient.open(server.baseUrl());
    try (sse) {
      assertThat(sse.next(WAIT)).isPresent();
      assertThat(server.openEventStreams()).isEqualTo(1);
      server.close();
      await().atMost(WAIT).until(() -> view.hub.subscriberCount() == 0);
    }
    server = ApiServer.start("127.0.0.1", 0, view); // for stop()
  }
}
