package io.bzzz.agent.council;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What a council is asked to be: its brief (the entrypoint issue, whose number is the council id),
 * the roles it needs, the role that plans and delivers, and how long formation may take.
 *
 * @param lead the role whose holder splits the brief and delivers; one of {@code core}
 */
public record CouncilSpec(
    int brief,
    String repository,
    String project,
    List<String> core,
    List<String> optional,
    String lead,
    Duration deadline) {
  static final int MAX_ROLES = 16;

  public CouncilSpec {
    core = List.copyOf(new LinkedHashSet<>(core));
    List<String> rest = new ArrayList<>(new LinkedHashSet<>(optional));
    rest.removeAll(core);
    optional = List.copyOf(rest);
    if (core.isEmpty()) {
      throw new IllegalArgumentException("a council needs at least one core role");
    }
    if (core.size() + optional.size() > MAX_ROLES) {
      throw new IllegalArgumentException("a council has at most " + MAX_ROLES + " roles");
    }
    core.forEach(RoleRef::requireRole);
    optional.forEach(RoleRef::requireRole);
    if (!core.contains(lead)) {
      throw new IllegalArgumentException("the lead role '" + lead + "' is not a core role");
    }
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("the formation deadline must be positive");
    }
  }

  /** The council id: the brief's issue number. */
  public String id() {
    return String.valueOf(brief);
  }

  public List<String> roles() {
    List<String> all = new ArrayList<>(core);
    all.addAll(optional);
    return all;
  }
}
