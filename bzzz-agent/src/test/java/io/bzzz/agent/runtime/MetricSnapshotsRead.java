package io.bzzz.agent.runtime;

import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;

/** Reads series out of the library's snapshots, for tests. */
final class MetricSnapshotsRead {
  private MetricSnapshotsRead() {}

  static List<? extends DataPointSnapshot> points(MetricSnapshots all, String name) {
    for (MetricSnapshot s : all) {
      if (s.getMetadata().getPrometheusName().equals(name)) {
        return s.getDataPoints();
      }
    }
    return List.of();
  }

  /** The histogram series whose labels include {@code labels}, summed: count and sum. */
  static double[] histogram(MetricSnapshots all, String name, Map<String, String> labels) {
    long count = 0;
    double sum = 0;
    for (DataPointSnapshot p : points(all, name)) {
      HistogramSnapshot.HistogramDataPointSnapshot h =
          (HistogramSnapshot.HistogramDataPointSnapshot) p;
      if (matches(p, labels)) {
        count += h.getCount();
        sum += h.getSum();
      }
    }
    return new double[] {count, sum};
  }

  static Map<String, Double> gaugeBy(MetricSnapshots all, String name, String label) {
    java.util.TreeMap<String, Double> out = new java.util.TreeMap<>();
    for (DataPointSnapshot p : points(all, name)) {
      out.put(p.getLabels().get(label), ((GaugeSnapshot.GaugeDataPointSnapshot) p).getValue());
    }
    return out;
  }

  private static boolean matches(DataPointSnapshot p, Map<String, String> labels) {
    return labels.entrySet().stream()
        .allMatch(e -> e.getValue().equals(p.getLabels().get(e.getKey())));
  }
}
