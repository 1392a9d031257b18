package io.bzzz.agent.council;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One council as the engine tracks it; touched only on the engine's thread. {@link #view} is the
 * snapshot everyone else reads.
 */
final class Council {
  final CouncilSpec spec;
  CouncilState state = CouncilState.FORMING;
  int attempt = 1;
  Instant deadline;
  Map<String, Seat> seats = new HashMap<>();
  final Instant since;

  /** This agent holds the convener seat and drives formation. */
  boolean convening;

  /** Roles this agent holds here. */
  final List<String> mine = new ArrayList<>();

  boolean planned;
  Map<String, Integer> subtasks = Map.of();

  /** The subtasks as last read (by the lead's delivery check), for the API's plan graph. */
  List<PlanItem> plan = List.of();

  Instant nextRead;
  Instant nextOpportunity;
  Instant nextRetryCheck;

  Council(CouncilSpec spec, Instant now) {
    this.spec = spec;
    this.since = now;
    this.deadline = now.plus(spec.deadline());
    this.nextRead = now;
    this.nextOpportunity = now;
    this.nextRetryCheck = now;
  }

  String key() {
    return key(spec.repository(), spec.brief());
  }

  static String key(String repository, int brief) {
    return repository + "#" + brief;
  }

  Map<String, Seat> members() {
    Map<String, Seat> m = new HashMap<>(seats);
    m.remove(RoleRef.CONVENER);
    return m;
  }

  List<String> missingCore() {
    return spec.core().stream().filter(r -> !seats.containsKey(r)).toList();
  }

  boolean isLead() {
    return mine.contains(spec.lead());
  }

  Duration age(Instant now) {
    return Duration.between(since, now);
  }

  CouncilView view() {
    Map<String, CouncilMessage.Member> members = new HashMap<>();
    members()
        .forEach(
            (role, s) ->
                members.put(
                    role, new CouncilMessage.Member(s.peerId().orElse(""), s.holder().name())));
    return new CouncilView(
        spec.id(),
        spec.repository(),
        spec.brief(),
        spec.project(),
        state,
        attempt,
        spec.core(),
        spec.optional(),
        spec.lead(),
        members,
        missingCore(),
        state == CouncilState.FORMING ? Optional.of(deadline) : Optional.empty(),
        subtasks.values().stream().sorted().toList(),
        plan);
  }
}
