package io.bzzz.agent.schedule;

import io.bzzz.agent.capability.Capabilities;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * This agent's score for a task (docs/scheduling.md): the capability match, the load, the past
 * performance from its own log and the free resources, weighted. Empty when it may not bid: a
 * required capability missing, the match under the threshold, or no free slot.
 */
public final class Scorer {
  /** What the scorer reads at each bid. */
  public interface Inputs {
    Capabilities capabilities();

    int slotsInUse();

    int maxSlots();

    double cpu();

    double memoryUsed();

    double freeDisk();

    /** The past-performance term for a task with these labels. */
    double performance(List<String> labels);
  }

  private final ScoreWeights weights;
  private final double minMatch;
  private final Supplier<Inputs> inputs;

  public Scorer(ScoreWeights weights, double minMatch, Supplier<Inputs> inputs) {
    this.weights = weights;
    this.minMatch = minMatch;
    this.inputs = inputs;
  }

  /** Slots free now (sent with a bid: how many rounds this agent can win at once). */
  public int freeSlots() {
    Scorer.Inputs in = inputs.get();
    return Math.max(0, in.maxSlots() - in.slotsInUse());
  }

  public Optional<Score> score(List<String> labels) {
    Inputs in = inputs.get();
    if (in.slotsInUse() >= in.maxSlots()) {
      return Optional.empty();
    }
    return score(weights, minMatch, in, labels);
  }

  /** The score from given inputs, slots not checked (the simulation's agents use it too). */
  public static Optional<Score> score(
      ScoreWeights weights, double minMatch, Inputs in, List<String> labels) {
    Capabilities caps = in.capabilities();
    Optional<Double> match = CapabilityMatch.of(caps, labels);
    if (!CapabilityMatch.bids(match, minMatch)) {
      return Optional.empty();
    }
    double load = LoadSample.of(in.slotsInUse(), in.maxSlots(), in.cpu(), in.memoryUsed()).term();
    double resources =
        new ResourceSample(1 - in.memoryUsed(), in.freeDisk(), caps.gpus().size()).term(labels);
    return Optional.of(Score.of(weights, match.get(), load, in.performance(labels), resources));
  }
}
