package io.bzzz.agent.schedule;

import static io.bzzz.agent.schedule.MetricPoints.gauge;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The mesh's load for {@code /metrics}: this agent's utilisation, every live peer's (from its
 * availability broadcasts), their variance and the hotspots ({@link MeshLoad}). Whatever places the
 * tasks (the rota, the auction, work stealing), these show how evenly they are spread.
 */
public final class MeshLoadMetrics implements Supplier<MetricSnapshots> {
  private final Supplier<Double> own;
  private final Supplier<Map<String, Double>> peers;

  /**
   * @param own this agent's slots in use over {@code max_tasks}
   * @param peers each live peer's {@code current_tasks / max_tasks}
   */
  public MeshLoadMetrics(Supplier<Double> own, Supplier<Map<String, Double>> peers) {
    this.own = own;
    this.peers = peers;
  }

  @Override
  public MetricSnapshots get() {
    double mine = own.get();
    Map<String, Double> others = peers.get();
    List<Double> all = new ArrayList<>(others.values());
    all.add(mine);
    GaugeSnapshot.Builder perPeer =
        GaugeSnapshot.builder()
            .name("bzzz_mesh_peer_utilisation")
            .help("Each live peer's current_tasks / max_tasks, from its availability broadcasts.");
    others.forEach(
        (peer, u) ->
            perPeer.dataPoint(
                GaugeDataPointSnapshot.builder().labels(Labels.of("peer", peer)).value(u).build()));
    return MetricSnapshots.of(
        gauge("bzzz_utilisation", "This agent's slots in use / max_tasks.", mine),
        perPeer.build(),
        gauge(
            "bzzz_mesh_load_variance",
            "Variance of the utilisation of this agent and its live peers.",
            MeshLoad.variance(all)),
        gauge(
            "bzzz_mesh_hotspots",
            "Agents at 80 % utilisation or more while others have room.",
            MeshLoad.hotspots(all)));
  }
}
