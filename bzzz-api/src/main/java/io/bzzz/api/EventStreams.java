package io.bzzz.api;

import io.bzzz.agent.events.EventHub;
import io.bzzz.agent.events.EventSubscription;
import io.bzzz.agent.events.StampedEvent;
import io.bzzz.agent.runtime.AgentView;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open {@code /api/v1/events} streams (Server-Sent Events). Each stream first sends a {@code
 * snapshot} event (the body of {@code /api/v1/mesh}), then every agent event as it happens, and a
 * comment line when idle so that a vanished client is noticed. Each stream has one virtual thread,
 * owned here; {@link #close} ends them all.
 *
 * <p>A client that falls {@link #BUFFER} events behind (it stopped reading, its writes are stuck)
 * is dropped: the hub stops queueing for it and its connection is closed. The agent never waits for
 * a client.
 */
final class EventStreams implements AutoCloseable {
  /** Events a client may fall behind before it is dropped. */
  static final int BUFFER = 1024;

  /** Streams served at once; more get 503. */
  static final int MAX_STREAMS = 64;

  private static final Duration KEEPALIVE = Duration.ofSeconds(15);
  private static final int BATCH = 64;
  private static final Logger log = LoggerFactory.getLogger(EventStreams.class);

  private final AgentView agent;
  private final Set<Stream> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger counter = new AtomicInteger();
  private volatile boolean closed;

  EventStreams(AgentView agent) {
    this.agent = agent;
  }

  /** Streams currently served. */
  int openCount() {
    return open.size();
  }

  /** Starts streaming to this request; false when the limit is reached or the server is closing. */
  boolean start(Request request, Response response, Callback callback) {
    if (closed || open.size() >= MAX_STREAMS) {
      return false;
    }
    EventHub hub = agent.events();
    // Subscribe before taking the snapshot so that nothing happens between the two unseen.
    EventSubscription sub =
        hub.subscribe(
            BUFFER,
            () -> {
              log.atInfo()
                  .addKeyValue("client", Request.getRemoteAddr(request))
                  .log("event stream dropped: the client fell behind");
              // Cut the connection: a write stuck on a client that does not read fails at once.
              request.getConnectionMetaData().getConnection().getEndPoint().close();
            });
    Stream stream = new Stream(sub, response, callback);
    open.add(stream);
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Accel-Buffering", "no");
    Thread.ofVirtual().name("api-events-" + counter.incrementAndGet()).start(stream::run);
    return true;
  }

  /** Ends every stream (their clients see the response end and may reconnect elsewhere). */
  @Override
  public void close() {
    closed = true;
    open.forEach(s -> s.subscription.close());
  }

  private final class Stream {
    private final EventSubscription subscription;
    private final Response response;
    private final Callback callback;

    Stream(EventSubscription subscription, Response response, Callback callback) {
      this.subscription = subscription;
      this.response = response;
      this.callback = callback;
    }

    void run() {
      try (subscription;
          OutputStream out = Content.Sink.asOutputStream(response)) {
        String snapshot = ApiJson.mesh(agent).toString();
        write(out, "retry: 3000\n" + frame(0, "snapshot", snapshot));
        while (!subscription.isClosed()) {
          Optional<StampedEvent> first = subscription.next(KEEPALIVE);
          if (first.isEmpty()) {
            if (!subscription.isClosed()) {
              write(out, ": keepalive\n\n");
            }
            continue;
          }
          StringBuilder batch = new StringBuilder(frame(first.get()));
          for (int i = 1; i < BATCH; i++) {
            Optional<StampedEvent> more = subscription.next(Duration.ZERO);
            if (more.isEmpty()) {
              break;
            }
            batch.append(frame(more.get()));
          }
          write(out, batch.toString());
        }
        if (subscription.dropped()) {
          throw new IOException("client fell behind and was dropped");
        }
      } catch (IOException | RuntimeException e) {
        log.atDebug().log("event stream ended: " + e.getMessage());
        callback.failed(e);
        return;
      } catch (InterruptedException e) {
        callback.failed(e);
        return;
      } finally {
        open.remove(this);
      }
      callback.succeeded();
    }

    private static String frame(StampedEvent e) {
      return frame(e.seq(), e.event().kind(), EventJson.of(e));
    }

    private static String frame(long id, String event, String json) {
      // JSON from Jackson holds no raw newline, so one data line is enough.
      return "id: " + id + "\nevent: " + event + "\ndata: " + json + "\n\n";
    }

    private static void write(OutputStream out, String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }
}
