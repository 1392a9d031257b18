package io.bzzz.p2p.mux.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.mux.MuxedStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many streams at once that end in every way a stream can end — completed, reset by either side
 * mid-transfer, abandoned by a reader — must leave the session healthy: no stream left in the
 * table, all window growth given back to the session budget, no window exceeded, and a clean echo
 * afterwards.
 */
class YamuxChurnTest {
  private static final Duration LONG = Duration.ofSeconds(90);
  private static final int STREAMS = 120;
  private static final int SIZE = 512 * 1024;

  private enum Fate {
    COMPLETE,
    CLIENT_RESETS,
    SERVER_RESETS,
    CLIENT_STOPS_READING;

    /** The byte the client sends first to tell the server this stream's fate. */
    int code() {
      return switch (this) {
        case COMPLETE -> 0;
        case CLIENT_RESETS -> 1;
        case SERVER_RESETS -> 2;
        case CLIENT_STOPS_READING -> 3;
      };
    }

    static Fate of(int code) {
      for (Fate fate : values()) {
        if (fate.code() == code) {
          return fate;
        }
      }
      throw new IllegalArgumentException("unknown fate " + code);
    }
  }

  @Test
  void streamsEndingInEveryWayLeaveTheSessionClean() throws Exception {
    Random random = new Random(42);
    // The sessions close before the executor waits for its tasks, so the accept loop ends.
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        SessionPair pair = SessionPair.proxied(YamuxConfig.defaults())) {
      // The accept loop ends with the sessions; its failures show up as client streams failing.
      var unused = threads.submit(() -> serve(pair.server, threads));
      List<Future<Fate>> outcomes = new ArrayList<>();
      for (int i = 0; i < STREAMS; i++) {
        Fate fate = Fate.values()[random.nextInt(Fate.values().length)];
        int cut = 1 + random.nextInt(SIZE - 1);
        MuxedStream stream = pair.client.openStream();
        stream.out().write(fate.code());
        outcomes.add(threads.submit(() -> drive(stream, fate, cut, threads)));
      }
      for (Future<Fate> outcome : outcomes) {
        outcome.get(LONG.toSeconds(), TimeUnit.SECONDS);
      }

      await()
          .atMost(LONG)
          .untilAsserted(
              () -> {
                assertThat(pair.client.openStreams()).as("client streams").isZero();
                assertThat(pair.server.openStreams()).as("server streams").isZero();
                assertThat(pair.client.windowGrowthLeft())
                    .as("client window growth given back")
                    .isEqualTo(YamuxConfig.defaults().windowGrowthBudget());
                assertThat(pair.server.windowGrowthLeft())
                    .as("server window growth given back")
                    .isEqualTo(YamuxConfig.defaults().windowGrowthBudget());
              });
      assertThat(pair.recorder().violations()).isEmpty();
      assertThat(pair.client.isOpen()).isTrue();
      assertThat(pair.server.isOpen()).isTrue();

      MuxedStream last = pair.client.openStream();
      last.out().write(Fate.COMPLETE.code());
      byte[] payload = new byte[SIZE];
      random.nextBytes(payload);
      Future<?> write =
          threads.submit(
              () -> {
                last.out().write(payload);
                last.closeWrite();
                return null;
              });
      assertThat(last.in().readAllBytes()).isEqualTo(payload);
      write.get(LONG.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private static Fate drive(MuxedStream stream, Fate fate, int cut, ExecutorService threads)
      throws Exception {
    byte[] payload = new byte[SIZE];
    Future<?> writer =
        threads.submit(
            () -> {
              try {
                stream.out().write(payload);
                stream.closeWrite();
              } catch (IOException e) {
                // expected when either side resets
              }
              return null;
            });
    InputStream in = stream.in();
    switch (fate) {
      case COMPLETE -> assertThat(in.readAllBytes()).hasSize(SIZE);
      case CLIENT_RESETS -> {
        in.readNBytes(cut);
        stream.reset();
      }
      case SERVER_RESETS -> {
        try {
          in.readAllBytes();
        } catch (IOException e) {
          assertThat(e).hasMessageContaining("reset by the peer");
        }
        stream.reset();
      }
      case CLIENT_STOPS_READING -> {
        in.readNBytes(cut);
        stream.close();
      }
    }
    writer.get(LONG.toSeconds(), TimeUnit.SECONDS);
    return fate;
  }

  /** The server side: echoes, or resets after {@code SIZE / 2} bytes when told to. */
  private static Void serve(YamuxSession server, ExecutorService threads) throws Exception {
    try {
      while (true) {
        MuxedStream stream = server.acceptStream();
        // Each handler's outcome is checked on the client side, which sees the echo or the reset.
        var unused =
            threads.submit(
                () -> {
                  try {
                    Fate fate = Fate.of(stream.in().read());
                    byte[] buf = new byte[8 * 1024];
                    long echoed = 0;
                    int n;
                    while ((n = stream.in().read(buf)) >= 0) {
                      stream.out().write(buf, 0, n);
                      echoed += n;
                      if (fate == Fate.SERVER_RESETS && echoed >= SIZE / 2) {
                        stream.reset();
                        return null;
                      }
                    }
                    stream.close();
                  } catch (IOException e) {
                    stream.reset();
                  }
                  return null;
                });
      }
    } catch (EOFException e) {
      return null;
    }
  }
}
