package io.bzzz.agent.capability;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Remembers the capabilities last broadcast and says why a new detection differs, so {@code
 * capability_broadcast} goes out at start and on change only (with the reason).
 */
public final class CapabilityWatcher {
  private Optional<Capabilities> last = Optional.empty();

  /** The {@code reason} for a broadcast, or empty when nothing that peers see changed. */
  public Optional<String> update(Capabilities now) {
    Optional<Capabilities> before = last;
    last = Optional.of(now);
    if (before.isEmpty()) {
      return Optional.of("startup");
    }
    List<String> parts = new ArrayList<>();
    diff("capabilities", before.get().names(), now.names(), parts);
    diff("models", new TreeSet<>(before.get().models()), new TreeSet<>(now.models()), parts);
    return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
  }

  private static void diff(String what, Set<String> before, Set<String> now, List<String> out) {
    TreeSet<String> added = new TreeSet<>(now);
    added.removeAll(before);
    TreeSet<String> removed = new TreeSet<>(before);
    removed.removeAll(now);
    if (!added.isEmpty()) {
      out.add(what + " added: " + String.join(", ", added));
    }
    if (!removed.isEmpty()) {
      out.add(what + " removed: " + String.join(", ", removed));
    }
  }
}
