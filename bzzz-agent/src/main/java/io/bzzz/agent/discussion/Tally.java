package io.bzzz.agent.discussion;

import io.bzzz.agent.coordination.Payload.Objection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The votes of one discussion round and what they decide; pure state, no clock: the caller says
 * whether the window is over. Only members vote, each once (a second vote is ignored, so a member
 * cannot turn an objection into an approval once counted). The taker, when it is a member, counts
 * as approving its own plan.
 */
final class Tally {

  /** What a round came to. */
  enum Decision {
    /** No objection stood: nobody objected, or the quorum approved despite objections. */
    APPROVED,
    /** Objections stood: the taker revises the plan (or escalates after the last round). */
    REVISE
  }

  private final Set<String> members;
  private final Quorum quorum;
  private final Map<String, Optional<String>> votes = new LinkedHashMap<>();

  Tally(String taker, Set<String> members, Quorum quorum) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a discussion needs at least one member");
    }
    this.members = Set.copyOf(members);
    this.quorum = quorum;
    if (members.contains(taker)) {
      votes.put(taker, Optional.empty());
    }
  }

  /** Records a vote: an objection with its reason, or an approval; false when not counted. */
  boolean vote(String from, Optional<String> objection) {
    if (!members.contains(from) || votes.containsKey(from)) {
      return false;
    }
    votes.put(from, objection);
    return true;
  }

  /**
   * The decision, once there is one: approved as soon as the quorum approves; otherwise when every
   * member voted or the window is over, approved with no objection and sent back with one.
   */
  Optional<Decision> decide(boolean windowOver) {
    if (quorum.reached(approvals().size(), members.size())) {
      return Optional.of(Decision.APPROVED);
    }
    if (!windowOver && votes.size() < members.size()) {
      return Optional.empty();
    }
    return Optional.of(objections().isEmpty() ? Decision.APPROVED : Decision.REVISE);
  }

  List<String> approvals() {
    return List.copyOf(
        new TreeSet<>(
            votes.entrySet().stream()
                .filter(e -> e.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .toList()));
  }

  List<Objection> objections() {
    List<Objection> out = new ArrayList<>();
    votes.forEach((from, o) -> o.ifPresent(reason -> out.add(new Objection(from, reason))));
    return out;
  }

  int members() {
    return members.size();
  }
}
