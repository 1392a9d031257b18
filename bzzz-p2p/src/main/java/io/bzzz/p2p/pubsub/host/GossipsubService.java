package io.bzzz.p2p.pubsub.host;

import io.bzzz.p2p.Connection;
import io.bzzz.p2p.ConnectionListener;
import io.bzzz.p2p.Host;
import io.bzzz.p2p.P2pStream;
import io.bzzz.p2p.PeerInfo;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.multiformats.MalformedInputException;
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
import io.bzzz.p2p.pubsub.wire.MalformedRpcException;
import io.bzzz.p2p.pubsub.wire.Rpc;
import io.bzzz.p2p.pubsub.wire.RpcCodec;
import io.bzzz.p2p.pubsub.wire.RpcFrames;
import io.bzzz.p2p.pubsub.wire.RpcLimits;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gossipsub on a {@link Host}. Serves /meshsub/1.1.0 and /meshsub/1.0.0; opens our one long-lived
 * outbound stream to a peer only after identify listed one of them, writes only on that stream, and
 * reads RPCs only from the peer's inbound stream (a newer inbound stream replaces an older one).
 * All router state sits behind one lock; the heartbeat runs on a thread of its own.
 *
 * <p>Owns: the heartbeat thread, one {@link PeerWriter} per peer, the subscriptions' threads and
 * the inbound streams it is reading. {@link #close()} ends them all; the host stays open.
 */
public final class GossipsubService implements PubSub, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GossipsubService.class);
  private static final int MAX_REOPEN = 3;

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

  private final Host host;
  private final Options options;
  private final RpcCodec codec;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition peerAdded = lock.newCondition();
  private final GossipRouter router;
  private final Listener listener = new Listener();
  private final Map<PeerId, PeerWriter> writers = new ConcurrentHashMap<>();
  private final Set<PeerId> opening = ConcurrentHashMap.newKeySet();
  private final Map<PeerId, Integer> reopened = new ConcurrentHashMap<>();
  private final Map<PeerId, P2pStream> inbound = new ConcurrentHashMap<>();
  private final Map<String, List<LocalSubscription>> subscriptions = new HashMap<>();
  private final List<Consumer<TopicEvent>> topicListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<List<PeerId>>> exchangeListeners = new CopyOnWriteArrayList<>();
  private final Thread heartbeat;
  private volatile boolean closed;

  private GossipsubService(Host host, Options options) {
    this.host = host;
    this.options = options;
    this.codec = new RpcCodec(RpcLimits.defaults(options.params().maxMessageSize()));
    this.router =
        new GossipRouter(
            options.params(),
            host.identity(),
            options.clock(),
            options.random(),
            options.idFunction(),
            new Output());
    this.heartbeat = Thread.ofVirtual().name("gossip-heartbeat").unstarted(this::heartbeatLoop);
  }

  public static GossipsubService start(Host host) {
    return start(host, Options.defaults());
  }

  public static GossipsubService start(Host host, Options options) {
    GossipsubService service = new GossipsubService(host, options);
    for (String protocol : GossipProtocols.SUPPORTED) {
      host.setStreamHandler(protocol, service::readInbound);
    }
    host.addConnectionListener(service.listener);
    for (Connection c : host.connections()) {
      host.peerStore()
          .get(c.remotePeer())
          .ifPresent(info -> service.listener.identified(c.remotePeer(), info));
    }
    service.heartbeat.start();
    return service;
  }

  // ---- PubSub ----

  @Override
  public Subscription subscribe(String topic, Consumer<ReceivedMessage> handler) {
    lock.lock();
    try {
      ensureOpen();
      LocalSubscription sub =
          new LocalSubscription(topic, handler, options.subscriptionQueue(), this::unsubscribed);
      subscriptions.computeIfAbsent(topic, t -> new ArrayList<>()).add(sub);
      router.subscribe(topic);
      return sub;
    } finally {
      lock.unlock();
    }
  }

  private void unsubscribed(LocalSubscription sub) {
    lock.lock();
    try {
      List<LocalSubscription> list = subscriptions.get(sub.topic());
      if (list != null && list.remove(sub) && list.isEmpty()) {
        subscriptions.remove(sub.topic());
        if (!closed) {
          router.unsubscribe(sub.topic());
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public PublishResult publish(String topic, byte[] data) {
    lock.lock();
    try {
      ensureOpen();
      return router.publish(topic, data);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void setValidator(String topic, TopicValidator validator) {
    withLock(() -> router.setValidator(topic, validator));
  }

  @Override
  public void removeValidator(String topic) {
    withLock(() -> router.removeValidator(topic));
  }

  @Override
  public Set<PeerId> topicPeers(String topic) {
    lock.lock();
    try {
      return router.topicPeers(topic);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Set<PeerId> meshPeers(String topic) {
    lock.lock();
    try {
      return router.meshPeers(topic);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Set<String> topics() {
    lock.lock();
    try {
      return router.subscriptions();
    } finally {
      lock.unlock();
    }
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
    lock.lock();
    try {
      return router.score(peer);
    } finally {
      lock.unlock();
    }
  }

  /** Peers we have a pubsub stream to. */
  public Set<PeerId> peers() {
    lock.lock();
    try {
      return router.peers();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until every RPC queued so far has been written to its peer's stream, or {@code timeout}
   * passed; true when all were written. Use it before closing after a last publish.
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!writers.values().stream().allMatch(PeerWriter::idle)) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(5); // polling a handful of queues; nothing to signal on across writers
    }
    return true;
  }

  // ---- streams ----

  private void openOutbound(PeerId peer) {
    if (closed || writers.containsKey(peer) || !opening.add(peer)) {
      return;
    }
    Thread.ofVirtual()
        .name("gossip-open-" + peer)
        .start(
            () -> {
              try {
                Optional<Connection> connection = host.connection(peer);
                if (connection.isEmpty()) {
                  return;
                }
                P2pStream stream = connection.get().newStream(GossipProtocols.SUPPORTED);
                PeerWriter writer =
                    new PeerWriter(
                        peer, stream, options.writeQueue(), options.stuckAfter().toNanos());
                lock.lock();
                try {
                  if (closed || host.connection(peer).isEmpty()) {
                    stream.reset();
                    return;
                  }
                  writers.put(peer, writer);
                  writer.start(() -> writerFailed(peer, writer));
                  router.addPeer(
                      peer,
                      connection.get().outbound(),
                      GossipProtocols.MESHSUB_V11.equals(stream.protocol()));
                  peerAdded.signalAll();
                } finally {
                  lock.unlock();
                }
                log.atDebug()
                    .addKeyValue("peer", peer)
                    .addKeyValue("protocol", stream.protocol())
                    .log("pubsub stream open");
              } catch (IOException | RuntimeException e) {
                log.atDebug()
                    .addKeyValue("peer", peer)
                    .setCause(e)
                    .log("cannot open pubsub stream");
              } finally {
                opening.remove(peer);
              }
            });
  }

  /**
   * Our stream broke. When a connection to the peer remains (e.g. the stream was on the loser of
   * two simultaneous dials), open a new stream on it, a few times at most.
   */
  private void writerFailed(PeerId peer, PeerWriter writer) {
    withLock(
        () -> {
          if (writers.remove(peer, writer)) {
            router.removePeer(peer);
          }
        });
    if (!closed
        && host.connection(peer).map(Connection::isOpen).orElse(false)
        && reopened.merge(peer, 1, Integer::sum) <= MAX_REOPEN) {
      openOutbound(peer);
    }
  }

  /** Reads RPCs from a peer's inbound stream until it ends; never writes on it. */
  private void readInbound(P2pStream stream) throws IOException {
    PeerId peer = stream.remotePeer();
    P2pStream previous = inbound.put(peer, stream);
    if (previous != null) {
      previous.reset(); // a new inbound stream replaces the old one
    }
    try {
      InputStream in = new BufferedInputStream(stream.in(), 64 * 1024);
      int max = options.params().maxMessageSize();
      while (!closed) {
        Optional<byte[]> frame;
        try {
          frame = RpcFrames.read(in, max);
        } catch (MalformedRpcException e) {
          withLock(() -> router.malformedRpc(peer, e.getMessage()));
          stream.reset(); // an oversized frame: we cannot find the next frame boundary
          return;
        }
        if (frame.isEmpty()) {
          return;
        }
        if (frame.get().length == 0) {
          continue;
        }
        Rpc rpc;
        try {
          rpc = codec.decode(frame.get());
        } catch (MalformedInputException e) {
          withLock(() -> router.malformedRpc(peer, e.getMessage()));
          continue;
        }
        handle(peer, rpc);
      }
    } finally {
      inbound.remove(peer, stream);
    }
  }

  private void handle(PeerId peer, Rpc rpc) {
    lock.lock();
    try {
      long deadline = System.nanoTime() + options.identifyWait().toNanos();
      while (!router.hasPeer(peer)) {
        long left = deadline - System.nanoTime();
        if (closed || left <= 0) {
          log.atDebug().addKeyValue("peer", peer).log("RPC from a peer without pubsub stream");
          return;
        }
        peerAdded.awaitNanos(left);
      }
      router.handleRpc(peer, rpc);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private void heartbeatLoop() {
    try {
      Thread.sleep(options.params().heartbeatInitialDelay());
      long interval = options.params().heartbeatInterval().toNanos();
      long next = System.nanoTime();
      while (!closed) {
        withLock(router::heartbeat);
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
      PeerWriter writer = writers.get(peer);
      if (writer != null && !writer.offer(rpc)) {
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
      PeerWriter writer = writers.remove(peer);
      if (writer != null) {
        writer.close();
      }
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
        openOutbound(peer);
      }
    }

    @Override
    public void disconnected(Connection connection) {
      PeerId peer = connection.remotePeer();
      if (host.connection(peer).isPresent()) {
        return; // another connection to the peer is still open
      }
      withLock(
          () -> {
            PeerWriter writer = writers.remove(peer);
            if (writer != null) {
              writer.close();
            }
            router.removePeer(peer);
          });
      reopened.remove(peer);
      P2pStream stream = inbound.remove(peer);
      if (stream != null) {
        stream.reset();
      }
    }
  }

  private void withLock(Runnable action) {
    lock.lock();
    try {
      action.run();
    } finally {
      lock.unlock();
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
    lock.lock();
    try {
      writers.values().forEach(PeerWriter::close);
      writers.clear();
      subscriptions.values().forEach(subs::addAll);
      peerAdded.signalAll();
    } finally {
      lock.unlock();
    }
    subs.forEach(LocalSubscription::close);
    inbound.values().forEach(P2pStream::reset);
    inbound.clear();
    try {
      heartbeat.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
