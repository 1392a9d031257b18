package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.TrackerException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The queue on a real file system: atomic files, modes, damaged files set aside; the outage log.
 */
class DeliveryQueueTest {
  @TempDir Path data;
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  final List<Logger> watched =
      List.of(
          (Logger) LoggerFactory.getLogger(DeliveryQueue.class),
          (Logger) LoggerFactory.getLogger(TrackerOutage.class));

  @BeforeEach
  void capture() {
    logs.start();
    watched.forEach(
        l -> {
          l.addAppender(logs);
          l.setLevel(Level.INFO);
        });
  }

  @AfterEach
  void release() {
    watched.forEach(
        l -> {
          l.detachAppender(logs);
          l.setLevel(null);
        });
  }

  static PendingDelivery delivery(int number, int attempt) {
    return new PendingDelivery(
        new TaskRef("gitea", "admin/demo", number),
        "Title with \"quotes\"",
        attempt == 1 ? "bzzz/task-" + number : "bzzz/task-" + number + "-a" + attempt,
        attempt,
        new AgentIdentity("a1", Optional.of("12D3KooWabc"), Optional.of("ab12")),
        new PendingDelivery.Result.Succeeded(
            "admin_demo-" + number + "-7-1",
            Optional.of("0123456789abcdef0123456789abcdef01234567"),
            "did it",
            List.of("a.txt", "b/c.txt")),
        new PendingDelivery.Steps(true, Optional.of(3), Optional.of("http://x/pulls/3"), false),
        Instant.parse("2026-01-02T03:04:05Z"));
  }

  @Test
  void aDeliveryIsWrittenOwnerOnlyAndReadBackWhole() throws Exception {
    DeliveryQueue queue = DeliveryQueue.open(data);
    PendingDelivery d = delivery(4, 2);
    queue.put(d);
    queue.put(d.with(new PendingDelivery.Steps(true, Optional.of(3), Optional.of("u"), true)));

    Path dir = data.resolve("deliveries");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    Path file = dir.resolve("admin_demo-4-a2.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
    List<PendingDelivery> loaded = DeliveryQueue.open(data).load();
    assertThat(loaded)
        .containsExactly(
            d.with(new PendingDelivery.Steps(true, Optional.of(3), Optional.of("u"), true)));

    PendingDelivery failed =
        new PendingDelivery(
            new TaskRef("github", "o/r", 9),
            "t",
            "bzzz/task-9",
            1,
            AgentIdentity.named("b"),
            new PendingDelivery.Result.Failed("script exited with 3"),
            PendingDelivery.Steps.NONE,
            Instant.parse("2026-01-02T03:04:05Z"));
    queue.put(failed);
    assertThat(queue.load()).hasSize(2).contains(failed);
    queue.remove(failed);
    assertThat(queue.load()).hasSize(1);
  }

  @Test
  void damagedFilesAreReportedByNameAndSetAsideWhileGoodOnesLoad() throws Exception {
    DeliveryQueue queue = DeliveryQueue.open(data);
    PendingDelivery good = delivery(1, 1);
    queue.put(good);
    Path dir = queue.dir();
    Files.writeString(dir.resolve("admin_demo-2-a1.json"), "{\"version\":1,\"number\":"); // cut
    // a file that would make the agent delete a directory outside <data-dir>/git
    String escaping =
        new String(DeliveryFile.encode(delivery(3, 1)), StandardCharsets.UTF_8)
            .replace("admin_demo-3-7-1", "../../elsewhere");
    Files.writeString(dir.resolve("admin_demo-3-a1.json"), escaping);
    // well-formed, but filed under another task's name
    Files.write(dir.resolve("admin_demo-5-a1.json"), DeliveryFile.encode(delivery(6, 1)));
    Files.writeString(dir.resolve(".tmp-admin_demo-7-a1.json"), "half a wri");

    assertThat(queue.load()).containsExactly(good);

    assertThat(dir.resolve("damaged"))
        .isDirectoryContaining(p -> p.getFileName().toString().equals("admin_demo-2-a1.json"))
        .isDirectoryContaining(p -> p.getFileName().toString().equals("admin_demo-3-a1.json"))
        .isDirectoryContaining(p -> p.getFileName().toString().equals("admin_demo-5-a1.json"));
    assertThat(dir.resolve(".tmp-admin_demo-7-a1.json")).doesNotExist();
    assertThat(logs.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .extracting(ILoggingEvent::getFormattedMessage)
        .hasSize(3);
    assertThat(logs.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .allSatisfy(
            e ->
                assertThat(e.getKeyValuePairs())
                    .anySatisfy(kv -> assertThat(kv.key).isEqualTo("file")));
    assertThat(logs.list.stream().map(e -> String.valueOf(e.getKeyValuePairs())).toList())
        .anySatisfy(kv -> assertThat(kv).contains("admin_demo-2-a1.json", "not JSON"))
        .anySatisfy(kv -> assertThat(kv).contains("admin_demo-3-a1.json", "git_dir"))
        .anySatisfy(kv -> assertThat(kv).contains("admin_demo-5-a1.json", "another task"));
  }

  @Test
  void theBackoffDoublesUpToItsCap() {
    DeliveryBackoff b = new DeliveryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
    assertThat(List.of(b.after(1), b.after(2), b.after(3), b.after(7), b.after(400)))
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60));
  }

  @Test
  void anOutageIsLoggedOnceAndItsEndOnceAndWakesTheWaiting() {
    AtomicInteger returned = new AtomicInteger();
    TrackerOutage outage = new TrackerOutage(InstantSource.system(), returned::incrementAndGet);
    outage.answered(); // no outage: nothing
    for (int i = 0; i < 5; i++) {
      outage.failed("poll", new TrackerException.Unreachable("connection refused", null));
    }
    outage.failed("poll", new TrackerException.ServerError("502", 502));
    assertThat(outage.away()).isTrue();
    outage.answered();
    outage.answered();

    assertThat(logs.list)
        .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
        .extracting(e -> e.getLevel().toString())
        .containsExactly("WARN", "INFO");
    assertThat(returned).hasValue(1);
    assertThat(outage.away()).isFalse();
    assertThat(TrackerOutage.isOutage(new TrackerException.NotFound("x"))).isFalse();
  }
}
