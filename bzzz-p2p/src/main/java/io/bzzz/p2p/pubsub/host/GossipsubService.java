package io.bzzz.p2p.pubsub.host;

import io.bzzz.p2p.Connection;
import io.bzzz.p2p.ConnectionListener;
import io.bzzz.p2p.Host;
import io.bzzz.p2p.PeerInfo;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.pubsub.GossipParams;
import io.bzzz.p2p.pubsub.MessageIdFunction;
import io.bzzz.p2p.pubsub.PubSub;
import io.bzzz.p2p.pubsub.PublishResult;
import io.bzzz.p2p.pubsub.ReceivedMessage;
import io.bzzz.p2p.pubsub.Subscription;
import io.bzzz.p2p.pubsub.TopicEvent;
import io.bzzz.p2p.pubsub.TopicValidator;
import io.bzzz.p2p.pubsub.router.GossipRouter;
import io.bzzz.p2p.pubsub.router.RouterOutput;
import io.bzzz.p2p.pubsub.wire.Rpc;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gossipsub on a {@link Host}. Serves /meshsub/1.1.0 and /meshsub/1.0.0; opens our one long-lived
 * outbound stream to a peer only after identify listed one of them, writes only on that stream, and
 * reads RPCs only from the peer's inbound stream (a newer inbound stream replaces an older one).
 * The router is reached only through its {@link LockedRouter}, which also guards this service's
 * subscriptions; the heartbeat runs on a thread of its own, and received messages' signatures are
 * checked outside the lock by a {@link MessageVerifier}.
 *
 * <p>Owns: the heartbeat thread, the verifier, one {@link PeerWriter} per peer, the subscriptions'
 * threads and the inbound streams it is reading. {@link #close()} ends them all; the host stays
 * open.
 */
public final class GossipsubService implements PubSub, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GossipsubService.class);

  /**
   * How the service is built.
   *
   * @param params router parameters
   * @param idFunction message ids (must match the rest of the network)
   * @param clock time for the router
   * @param random random choices of the router
   * @param writeQueue RPCs queued per peer before new ones are dropped
   * @param stuckAfter a peer whose full queue saw no write for this long is disconnected
   * @param subscriptionQueue messages queued per subscription before new ones are dropped
   * @param identifyWait how long an RPC from a peer waits for identify to make it a pubsub peer
   */
  public record Options(
      GossipParams params,
      MessageIdFunction idFunction,
      InstantSource clock,
      Random random,
      int writeQueue,
      Duration stuckAfter,
      int subscriptionQueue,
      Duration identifyWait) {
    public static Options defaults() {
      return new Options(
          GossipParams.defaults(),
          MessageIdFunction.FROM_AND_SEQNO,
          InstantSource.system(),
          new Random(),
          4096,
          Duration.ofSeconds(10),
          10_000,
          Duration.ofSeconds(10));
    }

    public Options withParams(GossipParams value) {
      return new Options(
          value,
          idFunction,
          clock,
          random,
          writeQueue,
          stuckAfter,
          subscriptionQueue,
          identifyWait);
    }
  }

  /** Received messages waiting for their signature check before readers are held back. */
  private static final int VERIFY_QUEUE = 4096;

  private final Host host;
  private final Options options;
  private final LockedRouter router;
  private final MessageVerifier verifier;
  private final PeerStreams streams;
  private final Listener listener = new Listener();

  /** Guarded by the router's lock: read by the router's deliveries, changed in router actions. */
  private final Map<String, List<LocalSubscription>> subscriptions = new HashMap<>();

  private final List<Consumer<TopicEvent>> topicListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<List<PeerId>>> exchangeListeners = new CopyOnWriteArrayList<>();
  private final Thread heartbeat;
  private volatile boolean closed;

  private GossipsubService(Host host, Options options) {
    this.host = host;
    this.options = options;
    this.router =
        new LockedRouter(
            new GossipRouter(
                options.params(),
                host.identity(),
                options.clock(),
                options.random(),
                options.idFunction(),
                new Output()));
    this.verifier = new MessageVerifier(router, VERIFY_QUEUE);
    this.streams = new PeerStreams(host, options, router, verifier, () -> closed);
    this.heartbeat = Thread.ofVirtual().name("gossip-heartbeat").unstarted(this::heartbeatLoop);
  }

  public static GossipsubService start(Host host) {
    return start(host, Options.defaults());
  }

  public static GossipsubService start(Host host, Options options) {
    GossipsubService service = new GossipsubService(host, options);
    for (String protocol : GossipProtocols.SUPPORTED) {
      host.setStreamHandler(protocol, service.streams::readInbound);
    }
    host.addConnectionListener(service.listener);
    for (Connection c : host.connections()) {
      host.peerStore()
          .get(c.remotePeer())
          .ifPresent(info -> service.listener.identified(c.remotePeer(), info));
    }
    service.verifier.start();
    service.heartbeat.start();
    return service;
  }

  // ---- PubSub ----

  @Override
  public Subscription subscribe(String topic, Consumer<ReceivedMessage> handler) {
    return router.call(
        r -> {
          ensureOpen();
          LocalSubscription sub =
              new LocalSubscription(
                  topic, handler, options.subscriptionQueue(), this::unsubscribed);
          subscriptions.computeIfAbsent(topic, t -> new ArrayList<>()).add(sub);
          r.subscribe(topic);
          return sub;
        });
  }

  private void unsubscribed(LocalSubscription sub) {
    router.run(
        r -> {
          List<LocalSubscription> list = subscriptions.get(sub.topic());
          if (list != null && list.remove(sub) && list.isEmpty()) {
            subscriptions.remove(sub.topic());
            if (!closed) {
              r.unsubscribe(sub.topic());
            }
          }
        });
  }

  @Override
  public PublishResult publish(String topic, byte[] data) {
    return router.call(
        r -> {
          ensureOpen();
          return r.publish(topic, data);
        });
  }

  @Override
  public void setValidator(String topic, TopicValidator validator) {
    router.run(r -> r.setValidator(topic, validator));
  }

  @Override
  public void removeValidator(String topic) {
    router.run(r -> r.removeValidator(topic));
  }

  @Override
  public Set<PeerId> topicPeers(String topic) {
    return router.call(r -> r.topicPeers(topic));
  }

  @Override
  public Set<PeerId> meshPeers(String topic) {
    return router.call(r -> r.meshPeers(topic));
  }

  @Override
  public Set<String> topics() {
    return router.call(r -> r.subscriptions());
  }

  /** Listeners run on the router's thread with its lock held: return quickly. */
  @Override
  public AutoCloseable onTopicEvent(Consumer<TopicEvent> listener) {
    topicListeners.add(listener);
    return () -> topicListeners.remove(listener);
  }

  /**
   * Replaces the default handling of peer exchange (dial candidates whose addresses the peer store
   * knows) with {@code listener}, e.g. a discovery service that looks them up first.
   */
  public AutoCloseable onPeerExchange(Consumer<List<PeerId>> listener) {
    exchangeListeners.add(listener);
    return () -> exchangeListeners.remove(listener);
  }

  /** The router's score of a peer (0 is neutral; negative after misbehaviour). */
  public double score(PeerId peer) {
    return router.call(r -> r.score(peer));
  }

  /** Peers we have a pubsub stream to. */
  public Set<PeerId> peers() {
    return router.call(r -> r.peers());
  }

  /**
   * Waits until every RPC queued so far has been written to its peer's stream, or {@code timeout}
   * passed; true when all were written. Use it before closing after a last publish.
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    return streams.flush(timeout);
  }

  private void heartbeatLoop() {
    try {
      Thread.sleep(options.params().heartbeatInitialDelay());
      long interval = options.params().heartbeatInterval().toNanos();
      long next = System.nanoTime();
      while (!closed) {
        router.run(GossipRouter::heartbeat);
        next += interval;
        long sleep = next - System.nanoTime();
        if (sleep > 0) {
          TimeUnit.NANOSECONDS.sleep(sleep);
        } else {
          next = System.nanoTime(); // we fell behind: do not burst to catch up
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.atError().setCause(e).log("gossip heartbeat failed; the mesh is no longer maintained");
    }
  }

  // ---- router output and host events ----

  private final class Output implements RouterOutput {
    @Override
    public void send(PeerId peer, Rpc rpc) {
      if (!streams.offer(peer, rpc)) {
        disconnect(peer, "send queue full for " + options.stuckAfter());
      }
    }

    @Override
    public void deliver(ReceivedMessage message) {
      List<LocalSubscription> subs = subscriptions.get(message.topic());
      if (subs != null) {
        subs.forEach(s -> s.offer(message));
      }
    }

    @Override
    public void disconnect(PeerId peer, String reason) {
      log.atInfo().addKeyValue("peer", peer).addKeyValue("reason", reason).log("disconnecting");
      streams.dropWriter(peer);
      // The router forgets the peer when the host reports the connection closed; removing it
      // here could run in the middle of the router's own flush. Closing may call our listener
      // back on this thread or wait for other threads, so it does not run under the lock.
      Thread.ofVirtual().start(() -> host.connection(peer).ifPresent(Connection::close));
    }

    @Override
    public void peerExchange(String topic, List<PeerId> candidates) {
      if (!exchangeListeners.isEmpty()) {
        exchangeListeners.forEach(l -> l.accept(candidates));
        return;
      }
      for (PeerId candidate : candidates) {
        boolean known =
            host.peerStore().get(candidate).map(i -> !i.addresses().isEmpty()).orElse(false);
        if (known && host.connection(candidate).isEmpty()) {
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      host.connect(candidate);
                    } catch (IOException | RuntimeException e) {
                      log.atDebug().addKeyValue("peer", candidate).log("PX dial failed");
                    }
                  });
        }
      }
    }

    @Override
    public void topicEvent(TopicEvent event) {
      topicListeners.forEach(l -> l.accept(event));
    }
  }

  private final class Listener implements ConnectionListener {
    @Override
    public void identified(PeerId peer, PeerInfo info) {
      if (GossipProtocols.SUPPORTED.stream().anyMatch(info::supports)) {
        streams.openOutbound(peer);
      }
    }

    @Override
    public void disconnected(Connection connection) {
      PeerId peer = connection.remotePeer();
      if (host.connection(peer).isPresent()) {
        return; // another connection to the peer is still open
      }
      router.run(
          r -> {
            streams.peerGone(peer);
            r.removePeer(peer);
          });
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("gossipsub service is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    heartbeat.interrupt();
    for (String protocol : GossipProtocols.SUPPORTED) {
      host.removeStreamHandler(protocol);
    }
    host.removeConnectionListener(listener);
    List<LocalSubscription> subs = new ArrayList<>();
    streams.closeAll();
    router.run(r -> subscriptions.values().forEach(subs::addAll));
    subs.forEach(LocalSubscription::close);
    verifier.close();
    try {
      heartbeat.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
