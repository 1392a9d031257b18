package io.bzzz.agent.steal;

import io.bzzz.agent.capability.Capabilities;
import io.bzzz.agent.schedule.Scorer;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The scorer's inputs with the CPU reading work stealing uses, so that the score that orders the
 * takers and the idleness that lets them take come from the same load.
 */
public record MeasuredLoad(Scorer.Inputs inputs, DoubleSupplier load) implements Scorer.Inputs {
  @Override
  public Capabilities capabilities() {
    return inputs.capabilities();
  }

  @Override
  public int slotsInUse() {
    return inputs.slotsInUse();
  }

  @Override
  public int maxSlots() {
    return inputs.maxSlots();
  }

  @Override
  public double cpu() {
    return load.getAsDouble();
  }

  @Override
  public double memoryUsed() {
    return inputs.memoryUsed();
  }

  @Override
  public double freeDisk() {
    return inputs.freeDisk();
  }

  @Override
  public double performance(List<String> labels) {
    return inputs.performance(labels);
  }
}
