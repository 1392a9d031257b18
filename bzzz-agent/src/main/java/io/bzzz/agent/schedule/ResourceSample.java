package io.bzzz.agent.schedule;

import java.util.List;

/**
 * The resource term's inputs: what the machine has left for one more task.
 *
 * @param freeMemory free memory over total
 * @param freeDisk usable space of the data directory's file system over its total
 * @param gpus GPUs this agent has (0 when none)
 */
public record ResourceSample(double freeMemory, double freeDisk, int gpus) {
  public ResourceSample {
    freeMemory = Terms.clamp(freeMemory);
    freeDisk = Terms.clamp(freeDisk);
  }

  /**
   * The mean of free memory and free disk, and, when the task names a GPU ({@code needs:gpu} or
   * {@code prefers:gpu}), of GPU presence (1 or 0) as a third part.
   */
  public double term(List<String> labels) {
    boolean wantsGpu = labels.contains("needs:gpu") || labels.contains("prefers:gpu");
    return wantsGpu
        ? (freeMemory + freeDisk + (gpus > 0 ? 1 : 0)) / 3
        : (freeMemory + freeDisk) / 2;
  }
}
