package io.bzzz.p2p.discovery.bootstrap;

import io.bzzz.p2p.discovery.Backoff;
import io.bzzz.p2p.files.IoReason;
import io.bzzz.wire.MalformedInputException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches another agent's {@code /api/v1/bootstrap-peers} (DESIGN §8) now and every {@code
 * interval}, and hands the peers it lists on. A fetch that fails (connection refused, an HTTP
 * error, a body that is not the peer list or is larger than {@link #MAX_BODY}) is logged and
 * retried with backoff; the source keeps running. Owns its thread and its HTTP client.
 */
public final class BootstrapUrlSource implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BootstrapUrlSource.class);

  /** A list of 1024 peers with 32 addresses each fits well below this. */
  public static final int MAX_BODY = 1 << 20;

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI url;
  private final Duration interval;
  private final Backoff backoff;
  private final RandomGenerator random;
  private final Consumer<List<KnownPeer>> sink;
  private final HttpClient http;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition stop = lock.newCondition();
  private boolean closed;
  private Thread thread;

  private BootstrapUrlSource(
      URI url,
      Duration interval,
      Backoff backoff,
      RandomGenerator random,
      Consumer<List<KnownPeer>> sink) {
    this.url = url;
    this.interval = interval;
    this.backoff = backoff;
    this.random = random;
    this.sink = sink;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public static BootstrapUrlSource start(
      URI url,
      Duration interval,
      Backoff backoff,
      RandomGenerator random,
      Consumer<List<KnownPeer>> sink) {
    BootstrapUrlSource source = new BootstrapUrlSource(url, interval, backoff, random, sink);
    source.thread = Thread.ofVirtual().name("bootstrap-url").start(source::loop);
    return source;
  }

  /** One fetch: the peers the URL lists now. */
  public List<KnownPeer> fetchOnce() throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode());
      }
      byte[] bytes = body.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw new IOException("response larger than " + MAX_BODY + " bytes");
      }
      try {
        return PeerListJson.decode(bytes);
      } catch (MalformedInputException e) {
        throw new IOException("not a bootstrap peer list: " + e.getMessage(), e);
      }
    }
  }

  private void loop() {
    int failures = 0;
    while (true) {
      Duration wait;
      try {
        List<KnownPeer> peers = fetchOnce();
        (failures > 0 ? log.atInfo() : log.atDebug())
            .addKeyValue("url", shown(url))
            .addKeyValue("peers", peers.size())
            .log("fetched bootstrap peers");
        sink.accept(peers);
        failures = 0;
        wait = interval;
      } catch (IOException e) {
        failures++;
        wait = backoff.delay(failures, random);
        log.atWarn()
            .addKeyValue("url", shown(url))
            .addKeyValue("error", IoReason.of(e))
            .addKeyValue("failures", failures)
            .addKeyValue("retry_in_ms", wait.toMillis())
            .log("cannot fetch bootstrap peers");
      } catch (InterruptedException e) {
        return;
      }
      if (!pause(wait)) {
        return;
      }
    }
  }

  /** Waits {@code d}; false when closed meanwhile. */
  private boolean pause(Duration d) {
    lock.lock();
    try {
      long nanos = d.toNanos();
      while (!closed && nanos > 0) {
        nanos = stop.awaitNanos(nanos);
      }
      return !closed;
    } catch (InterruptedException e) {
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** The URL as logged: without user info or query, which may hold a credential. */
  static String shown(URI url) {
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + url.getRawPath();
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      stop.signalAll();
    } finally {
      lock.unlock();
    }
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(TIMEOUT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    http.close();
  }
}
