package io.bzzz.agent.council;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A council as this agent knows it, for the API, the CLI and the meta-discussion: its roles, who
 * holds each, and where it is.
 *
 * @param members role to holder (peer id and name)
 * @param missing core roles nobody holds yet
 * @param subtasks issue numbers of the plan's subtasks, once filed
 * @param plan the subtasks with role, dependencies and state, as this agent last read them (the
 *     lead reads them; other members know none)
 */
public record CouncilView(
    String id,
    String repository,
    int brief,
    String project,
    CouncilState state,
    int attempt,
    List<String> coreRoles,
    List<String> optionalRoles,
    String leadRole,
    Map<String, CouncilMessage.Member> members,
    List<String> missing,
    Optional<Instant> deadline,
    List<Integer> subtasks,
    List<PlanItem> plan) {
  public CouncilView {
    coreRoles = List.copyOf(coreRoles);
    optionalRoles = List.copyOf(optionalRoles);
    members = Map.copyOf(members);
    missing = List.copyOf(missing);
    subtasks = List.copyOf(subtasks);
    plan = List.copyOf(plan);
  }

  /** Role to peer id: the membership the meta-discussion counts votes over. */
  public Map<String, String> peersByRole() {
    Map<String, String> out = new java.util.TreeMap<>();
    members.forEach((role, m) -> out.put(role, m.peerId()));
    return out;
  }
}
