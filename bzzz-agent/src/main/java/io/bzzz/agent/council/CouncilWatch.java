package io.bzzz.agent.council;

import io.bzzz.tracker.http.Token;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The councils as an observer that holds no seat sees them on the councils topic (the monitor):
 * built from {@code council_opportunity}, {@code council_role_claimed} and {@code council_status}
 * only, so it knows roles, holders and state, but no plan (only the lead reads that from the
 * tracker). Forms nothing: {@link #forms()} is false and the API answers 405 to a POST.
 */
public final class CouncilWatch implements CouncilDesk {
  /** At most this many councils are kept; the oldest briefs go first. */
  static final int MAX_COUNCILS = 256;

  private final Map<String, CouncilView> byKey = new ConcurrentHashMap<>();

  /** Takes in one message seen on the councils topic. */
  public synchronized void observe(CouncilMessage message) {
    int brief;
    try {
      brief = Integer.parseInt(message.councilId());
    } catch (NumberFormatException e) {
      return; // council ids are brief numbers; anything else is not a council of ours
    }
    String key = message.repository() + "#" + brief;
    CouncilView was = byKey.get(key);
    CouncilView now =
        switch (message) {
          case CouncilMessage.Opportunity o -> opportunity(was, o, brief);
          case CouncilMessage.Status s -> status(was, s, brief);
          case CouncilMessage.RoleClaimed r -> claimed(was, r, brief);
        };
    byKey.put(key, now);
    if (byKey.size() > MAX_COUNCILS) {
      byKey.values().stream()
          .min(Comparator.comparingInt(CouncilView::brief))
          .ifPresent(old -> byKey.remove(old.repository() + "#" + old.brief()));
    }
  }

  private static CouncilView opportunity(CouncilView was, CouncilMessage.Opportunity o, int brief) {
    Map<String, CouncilMessage.Member> members =
        was == null || was.attempt() != o.attempt() ? Map.of() : was.members();
    return new CouncilView(
        o.councilId(),
        o.repository(),
        brief,
        o.project(),
        was == null || was.attempt() != o.attempt() ? CouncilState.FORMING : was.state(),
        o.attempt(),
        o.coreRoles(),
        o.optionalRoles(),
        o.leadRole(),
        members,
        missing(o.coreRoles(), members),
        Optional.of(o.deadline()),
        List.of(),
        List.of());
  }

  private static CouncilView status(CouncilView was, CouncilMessage.Status s, int brief) {
    CouncilView base = was == null ? empty(s.councilId(), s.repository(), brief) : was;
    return new CouncilView(
        base.id(),
        base.repository(),
        brief,
        base.project(),
        s.state(),
        s.attempt(),
        base.coreRoles(),
        base.optionalRoles(),
        base.leadRole(),
        s.members(),
        s.missingRoles(),
        base.deadline(),
        base.subtasks(),
        base.plan());
  }

  private static CouncilView claimed(CouncilView was, CouncilMessage.RoleClaimed r, int brief) {
    CouncilView base = was == null ? empty(r.councilId(), r.repository(), brief) : was;
    if (r.attempt() < base.attempt()) {
      return base; // a seat of an earlier attempt
    }
    Map<String, CouncilMessage.Member> members = new LinkedHashMap<>(base.members());
    members.put(r.role(), new CouncilMessage.Member(r.peerId(), r.name()));
    return new CouncilView(
        base.id(),
        base.repository(),
        brief,
        base.project(),
        base.state(),
        r.attempt(),
        base.coreRoles(),
        base.optionalRoles(),
        base.leadRole(),
        members,
        missing(base.coreRoles(), members),
        base.deadline(),
        base.subtasks(),
        base.plan());
  }

  private static CouncilView empty(String id, String repository, int brief) {
    return new CouncilView(
        id,
        repository,
        brief,
        "",
        CouncilState.FORMING,
        1,
        List.of(),
        List.of(),
        "",
        Map.of(),
        List.of(),
        Optional.<Instant>empty(),
        List.of(),
        List.of());
  }

  private static List<String> missing(
      List<String> core, Map<String, CouncilMessage.Member> members) {
    List<String> out = new ArrayList<>(core);
    out.removeAll(members.keySet());
    return out;
  }

  @Override
  public List<CouncilView> councils() {
    return byKey.values().stream()
        .sorted(Comparator.comparing(CouncilView::repository).thenComparingInt(CouncilView::brief))
        .toList();
  }

  @Override
  public Optional<CouncilView> council(String repository, int id) {
    return Optional.ofNullable(byKey.get(repository + "#" + id));
  }

  @Override
  public boolean isMember(String repository, int id) {
    return false; // an observer holds no seat
  }

  @Override
  public boolean forms() {
    return false;
  }

  @Override
  public int form(FormRequest request, Token caller) {
    throw new UnsupportedOperationException("an observer forms no councils");
  }
}
