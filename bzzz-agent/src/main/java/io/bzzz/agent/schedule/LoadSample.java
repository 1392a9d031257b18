package io.bzzz.agent.schedule;

/**
 * The load term's inputs at one moment, each a fraction in [0, 1].
 *
 * @param slots slots in use over {@code max_tasks}
 * @param cpu the machine's CPU load (the OS's, all processes)
 * @param memory the machine's memory in use over its total
 */
public record LoadSample(double slots, double cpu, double memory) {
  public LoadSample {
    slots = Terms.clamp(slots);
    cpu = Terms.clamp(cpu);
    memory = Terms.clamp(memory);
  }

  public static LoadSample of(int inUse, int max, double cpu, double memory) {
    return new LoadSample(max <= 0 ? 1 : inUse / (double) max, cpu, memory);
  }

  /**
   * 1 for an idle machine, 0 for a full one: {@code 1 - (0.5 slots + 0.3 cpu + 0.2 memory)}. Slots
   * count most because they are what this agent promised; CPU and memory tell about the machine's
   * other work (and other agents on it).
   */
  public double term() {
    return Terms.clamp(1 - (0.5 * slots + 0.3 * cpu + 0.2 * memory));
  }
}
