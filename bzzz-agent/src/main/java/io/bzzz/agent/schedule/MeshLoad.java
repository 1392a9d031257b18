package io.bzzz.agent.schedule;

import java.util.Collection;

/**
 * The mesh's load from everyone's availability broadcasts ({@code current_tasks / max_tasks}): the
 * variance of the agents' utilisation (0 when work is spread evenly) and the hotspots, agents at or
 * above {@link #HOTSPOT} while the mesh has room elsewhere.
 */
public final class MeshLoad {
  /** Utilisation at which an agent counts as a hotspot. */
  public static final double HOTSPOT = 0.8;

  private MeshLoad() {}

  public static double variance(Collection<Double> utilisation) {
    if (utilisation.isEmpty()) {
      return 0;
    }
    double mean = utilisation.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    return utilisation.stream().mapToDouble(u -> (u - mean) * (u - mean)).average().orElse(0);
  }

  /** Agents at or above {@link #HOTSPOT}, counted only when some agent is below it. */
  public static int hotspots(Collection<Double> utilisation) {
    boolean room = utilisation.stream().anyMatch(u -> u < HOTSPOT);
    return room ? (int) utilisation.stream().filter(u -> u >= HOTSPOT).count() : 0;
  }
}
