package io.bzzz.agent.capability;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This agent's capabilities as they are now: detected once at start, then again on every {@link
 * #redetect} (the agent calls it every {@code --capability-interval}), so a tool installed, a model
 * pulled into Ollama or a GPU appearing is noticed without a restart. Readers ({@link #current})
 * never block; {@link #redetect} says why the new detection differs, for the {@code reason} of a
 * {@code capability_broadcast}, and is empty when nothing peers see changed.
 */
public final class LiveCapabilities {

  /** One detection; a port so tests can script what a probe finds. */
  @FunctionalInterface
  public interface Detection {
    Capabilities detect() throws InterruptedException;
  }

  private final Detection detection;
  private final CapabilityWatcher watcher = new CapabilityWatcher();
  private final AtomicReference<Capabilities> current;
  private final ReentrantLock detecting = new ReentrantLock();

  private LiveCapabilities(Detection detection, Capabilities first) {
    this.detection = detection;
    this.current = new AtomicReference<>(first);
    watcher.update(first);
  }

  /** Detects once now; the result is {@link #current} until the next {@link #redetect}. */
  public static LiveCapabilities start(Detection detection) throws InterruptedException {
    return new LiveCapabilities(detection, detection.detect());
  }

  public Capabilities current() {
    return current.get();
  }

  /**
   * Detects again; returns the change ({@code capabilities added: gpu; models removed: m}) when the
   * names or models differ from the last detection, empty otherwise.
   */
  public Optional<String> redetect() throws InterruptedException {
    detecting.lock();
    try {
      Capabilities now = detection.detect();
      current.set(now);
      return watcher.update(now);
    } finally {
      detecting.unlock();
    }
  }
}
