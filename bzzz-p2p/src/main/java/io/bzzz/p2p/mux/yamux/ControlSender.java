package io.bzzz.p2p.mux.yamux;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Writes control frames (ping replies, keep-alive pings, refusals) from a bounded queue on its own
 * thread, so the session's reader never blocks on the connection: two peers whose readers both
 * waited on a full connection would deadlock.
 */
final class ControlSender implements Runnable {
  private final FrameWriter writer;
  private final BlockingQueue<YamuxFrame> queue;
  private final Consumer<IOException> onWriteFailure;

  ControlSender(FrameWriter writer, int capacity, Consumer<IOException> onWriteFailure) {
    this.writer = writer;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.onWriteFailure = onWriteFailure;
  }

  /** Queues a frame; false when the queue is full. */
  boolean offer(YamuxFrame frame) {
    return queue.offer(frame);
  }

  /** Runs until its thread is interrupted or a write fails; the session interrupts it on close. */
  @Override
  public void run() {
    try {
      while (true) {
        writer.write(queue.take());
      }
    } catch (InterruptedException e) {
      // session closed
    } catch (IOException e) {
      onWriteFailure.accept(e);
    }
  }
}
