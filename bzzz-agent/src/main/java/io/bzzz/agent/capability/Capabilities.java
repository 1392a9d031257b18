package io.bzzz.agent.capability;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What this agent can do: detected hardware, models and tools, plus configured capabilities. Task
 * labels are matched against it: {@code needs:<capability>} against {@link #names()}, and {@code
 * model:<name>} against {@link #models()}.
 *
 * @param tools programs found on the PATH (git, docker, python3, ...)
 * @param models models the local Ollama serves ({@code llama3.1:latest})
 * @param configured capabilities from the configuration
 */
public record Capabilities(
    int cores,
    long memoryBytes,
    List<Gpu> gpus,
    List<String> models,
    List<String> tools,
    List<String> configured) {

  public Capabilities {
    gpus = List.copyOf(gpus);
    models = List.copyOf(models);
    tools = List.copyOf(tools);
    configured = List.copyOf(configured);
  }

  /** Capability names for {@code capability_broadcast} and {@code needs:} labels. */
  public Set<String> names() {
    TreeSet<String> names = new TreeSet<>(tools);
    names.addAll(configured);
    if (!gpus.isEmpty()) {
      names.add("gpu");
    }
    if (!models.isEmpty()) {
      names.add("ollama");
    }
    return names;
  }

  /** Whether a model label ({@code llama3.1}) names a served model ({@code llama3.1:latest}). */
  public boolean hasModel(String wanted) {
    String w = wanted.toLowerCase(Locale.ROOT);
    return models.stream()
        .map(m -> m.toLowerCase(Locale.ROOT))
        .anyMatch(m -> m.equals(w) || m.equals(w + ":latest"));
  }

  /**
   * The requirements among {@code labels} this agent lacks, as {@code needs:x} or {@code model:m}
   * (the form a help request carries); empty when it can take the task.
   */
  public List<String> missing(List<String> labels) {
    Set<String> names = names();
    List<String> out = new ArrayList<>();
    for (String label : labels) {
      if (label.startsWith("needs:")) {
        String cap = label.substring("needs:".length());
        if (!names.contains(cap)) {
          out.add(label);
        }
      } else if (label.startsWith("model:")) {
        if (!hasModel(label.substring("model:".length()))) {
          out.add(label);
        }
      }
    }
    return out;
  }

  /** Requirements as a help request lists them, checked by a peer with {@link #missing}. */
  public static List<String> requirements(List<String> labels) {
    return labels.stream().filter(l -> l.startsWith("needs:") || l.startsWith("model:")).toList();
  }
}
