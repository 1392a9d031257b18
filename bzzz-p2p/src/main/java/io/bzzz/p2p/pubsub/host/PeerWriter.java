package io.bzzz.p2p.pubsub.host;

import io.bzzz.p2p.P2pStream;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.pubsub.wire.Rpc;
import io.bzzz.p2p.pubsub.wire.RpcCodec;
import io.bzzz.wire.Varint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our one outbound pubsub stream to a peer and the only thread that writes to it. The router
 * enqueues without blocking; a peer that stops reading fills its own bounded queue, whose RPCs are
 * then dropped (gossip repairs the gaps), and is reported stuck when nothing could be written for
 * {@code stuckAfter}. What queued up while a write was under way goes out together: merged into as
 * few RPCs as {@link RpcMerger} allows, in one write to the stream. Owns the stream: closing the
 * writer resets it.
 */
final class PeerWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PeerWriter.class);
  private static final int MAX_BATCH = 64;

  private final PeerId peer;
  private final P2pStream stream;
  private final BlockingQueue<Rpc> queue;
  private final long stuckAfterNanos;
  private final int maxRpcSize;
  private final AtomicLong lastProgressNanos = new AtomicLong(System.nanoTime());
  private final AtomicLong dropped = new AtomicLong();

  /** RPCs accepted by {@link #offer} and not yet written (or dropped with the stream). */
  private final AtomicLong unwritten = new AtomicLong();

  private volatile boolean closed;

  /** True while the writer waits for RPCs, having written everything before. */
  private volatile boolean waitingForWork;

  private Thread thread;

  PeerWriter(PeerId peer, P2pStream stream, int capacity, long stuckAfterNanos, int maxRpcSize) {
    this.maxRpcSize = maxRpcSize;
    this.peer = peer;
    this.stream = stream;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.stuckAfterNanos = stuckAfterNanos;
  }

  /** Starts the writing thread; {@code onFailure} runs once if the stream breaks. */
  void start(Runnable onFailure) {
    thread =
        Thread.ofVirtual()
            .name("gossip-writer-" + peer)
            .start(
                () -> {
                  try {
                    writeLoop();
                  } catch (IOException e) {
                    if (!closed) {
                      log.atDebug()
                          .addKeyValue("peer", peer)
                          .setCause(e)
                          .log("pubsub write failed");
                      onFailure.run();
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } finally {
                    stream.reset();
                  }
                });
  }

  /**
   * Enqueues without blocking.
   *
   * @return false when the peer looks stuck: its queue is full and nothing was written for {@code
   *     stuckAfter}
   */
  boolean offer(Rpc rpc) {
    unwritten.incrementAndGet();
    if (queue.offer(rpc)) {
      return true;
    }
    unwritten.decrementAndGet();
    dropped.incrementAndGet();
    return waitingForWork || System.nanoTime() - lastProgressNanos.get() < stuckAfterNanos;
  }

  /** True when everything offered so far has been written to the stream. */
  boolean idle() {
    return unwritten.get() == 0 || closed;
  }

  long dropped() {
    return dropped.get();
  }

  String protocol() {
    return stream.protocol();
  }

  private void writeLoop() throws IOException, InterruptedException {
    OutputStream out = stream.out();
    List<Rpc> batch = new ArrayList<>(MAX_BATCH);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
    byte[] prefix = new byte[Varint.MAX_BYTES];
    while (!closed) {
      // An untimed wait: a timed one costs a timer set and cancelled per wake-up, on every
      // transmission. close() interrupts it. Idle is not stuck, and neither is a writer that
      // was idle and has not run yet since RPCs arrived.
      waitingForWork = true;
      Rpc first = queue.take();
      lastProgressNanos.set(System.nanoTime());
      waitingForWork = false;
      batch.add(first);
      queue.drainTo(batch, MAX_BATCH - 1);
      buffer.reset();
      for (List<Rpc> group : RpcMerger.groups(batch)) {
        byte[] body = RpcCodec.encode(RpcMerger.combine(group));
        if (body.length <= maxRpcSize || group.size() == 1) {
          frame(body, buffer, prefix);
        } else { // large messages that do not fit together: send them as they were queued
          for (Rpc rpc : group) {
            frame(RpcCodec.encode(rpc), buffer, prefix);
          }
        }
      }
      int written = batch.size();
      batch.clear();
      buffer.writeTo(out);
      out.flush();
      unwritten.addAndGet(-written);
      lastProgressNanos.set(System.nanoTime());
    }
  }

  /** The RpcFrames framing ({@code uvarint(len) || RPC}), without copying the body first. */
  private static void frame(byte[] body, ByteArrayOutputStream buffer, byte[] prefix) {
    int prefixLength = Varint.write(body.length, prefix, 0);
    buffer.write(prefix, 0, prefixLength);
    buffer.write(body, 0, body.length);
  }

  @Override
  public void close() {
    closed = true;
    stream.reset(); // also unblocks a write waiting for the peer's flow-control window
    if (thread != null) {
      thread.interrupt();
    }
  }
}
