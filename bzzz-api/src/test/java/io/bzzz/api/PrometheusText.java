package io.bzzz.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4, for tests: every line is a HELP, a TYPE or a
 * sample; a family's TYPE comes before its samples, which are contiguous and carry only the
 * suffixes its type allows; label values are correctly escaped; values are numbers. Histograms have
 * cumulative buckets ending in {@code le="+Inf"} equal to their {@code _count}. Throws {@link
 * IllegalArgumentException} naming the line on anything else.
 */
record PrometheusText(Map<String, Family> families) {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");

  record Sample(String name, Map<String, String> labels, double value) {}

  record Family(String name, String type, List<Sample> samples) {}

  static PrometheusText parse(String text) {
    Map<String, Family> families = new LinkedHashMap<>();
    Family current = null;
    int n = 0;
    for (String line : text.split("\n", -1)) {
      n++;
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("# HELP ")) {
        continue;
      }
      if (line.startsWith("# TYPE ")) {
        String[] p = line.substring(7).split(" ");
        check(p.length == 2 && NAME.matcher(p[0]).matches(), n, line);
        check(
            List.of("counter", "gauge", "histogram", "summary", "untyped").contains(p[1]), n, line);
        check(!families.containsKey(p[0]), n, line + " (family declared twice)");
        current = new Family(p[0], p[1], new ArrayList<>());
        families.put(p[0], current);
        continue;
      }
      check(!line.startsWith("#"), n, line);
      Matcher m = SAMPLE.matcher(line);
      check(m.matches(), n, line);
      check(current != null, n, line + " (sample before any TYPE)");
      String name = m.group(1);
      check(allowed(current, name), n, line + " (not of family " + current.name() + ")");
      current.samples().add(new Sample(name, labels(m.group(3), n, line), number(m.group(4), n)));
    }
    families.values().forEach(PrometheusText::checkHistogram);
    return new PrometheusText(families);
  }

  private static boolean allowed(Family f, String sample) {
    String base = f.name();
    return switch (f.type()) {
      case "histogram" ->
          sample.equals(base + "_bucket")
              || sample.equals(base + "_sum")
              || sample.equals(base + "_count");
      case "summary" ->
          sample.equals(base) || sample.equals(base + "_sum") || sample.equals(base + "_count");
      default -> sample.equals(base);
    };
  }

  private static Map<String, String> labels(String body, int n, String line) {
    Map<String, String> out = new TreeMap<>();
    if (body == null || body.isEmpty()) {
      return out;
    }
    Matcher m = LABEL.matcher(body);
    int at = 0;
    while (at < body.length()) {
      check(m.find(at) && m.start() == at, n, line + " (bad label at " + at + ")");
      check(out.put(m.group(1), m.group(2)) == null, n, line + " (label twice)");
      at = m.end();
      if (at < body.length()) {
        check(body.charAt(at) == ',', n, line);
        at++;
      }
    }
    return out;
  }

  private static double number(String s, int n) {
    return switch (s) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(s);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("line " + n + ": not a number: " + s, e);
        }
      }
    };
  }

  private static void checkHistogram(Family f) {
    if (!f.type().equals("histogram")) {
      return;
    }
    Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
    Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
    for (Sample s : f.samples()) {
      Map<String, String> series = new TreeMap<>(s.labels());
      series.remove("le");
      if (s.name().endsWith("_bucket")) {
        check(s.labels().containsKey("le"), 0, s + " (bucket without le)");
        buckets.computeIfAbsent(series, k -> new ArrayList<>()).add(s);
      } else if (s.name().endsWith("_count")) {
        counts.put(series, s.value());
      }
    }
    check(buckets.keySet().equals(counts.keySet()), 0, f.name() + ": buckets without count");
    buckets.forEach(
        (series, bs) -> {
          double previous = 0;
          double bound = Double.NEGATIVE_INFINITY;
          for (Sample b : bs) {
            double le = number(b.labels().get("le"), 0);
            check(le > bound && b.value() >= previous, 0, f.name() + series + " not cumulative");
            bound = le;
            previous = b.value();
          }
          check(bound == Double.POSITIVE_INFINITY, 0, f.name() + series + " has no +Inf bucket");
          check(previous == counts.get(series), 0, f.name() + series + ": +Inf != count");
        });
  }

  /** The samples named {@code name} whose labels include {@code labels}. */
  List<Sample> samples(String name, Map<String, String> labels) {
    return families.values().stream()
        .flatMap(f -> f.samples().stream())
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
  }

  private static void check(boolean ok, int line, String what) {
    if (!ok) {
      throw new IllegalArgumentException(
          (line > 0 ? "line " + line + ": " : "") + "invalid exposition: " + what);
    }
  }
}
