package io.bzzz.agent.discussion;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The objection policy of an agent: its own rules first ({@code --object-when REGEX}: object to
 * every plan whose text matches), then the issue's {@code bzzz-objection} block, in which the issue
 * names who objects in which rounds (tests, the demo, a team that wants a plan looked at). One line
 * per objection, {@code WHO ROUNDS REASON}: {@code WHO} an agent name, a peer id or {@code *};
 * {@code ROUNDS} comma-separated round numbers or {@code *}; the rest is the reason.
 *
 * <pre>
 * ```bzzz-objection
 * agent-b 1 the plan does not say how the result is checked
 * * 1,2,3 nobody may touch this yet
 * ```
 * </pre>
 *
 * The block can only make agents object (delay a task, at worst escalate it to a human); it runs
 * nothing, so unlike a script it needs no trusted author. Malformed lines are skipped.
 */
public final class ObjectionRules implements ObjectionPolicy {
  static final String FENCE = "bzzz-objection";
  private static final int MAX_REASON = 300;

  private final Set<String> names;
  private final List<Pattern> objectWhen;

  /**
   * @param names this agent's names in the block: its name and its peer id
   * @param objectWhen the agent's own rules, matched anywhere in the plan (case-insensitive)
   */
  public ObjectionRules(Set<String> names, List<Pattern> objectWhen) {
    this.names = Set.copyOf(names);
    this.objectWhen = List.copyOf(objectWhen);
  }

  @Override
  public Optional<String> objection(PlanUnderReview plan) {
    for (Pattern p : objectWhen) {
      if (p.matcher(plan.plan()).find()) {
        return Optional.of("the plan matches this agent's rule /" + p.pattern() + "/");
      }
    }
    return plan.issueBody().flatMap(body -> fromBlock(body, plan.round()));
  }

  private Optional<String> fromBlock(String body, int round) {
    boolean inBlock = false;
    for (String line : body.replace("\r\n", "\n").split("\n")) {
      String t = line.strip();
      if (!inBlock) {
        inBlock = t.startsWith("```") && t.substring(3).strip().equals(FENCE);
        continue;
      }
      if (t.startsWith("```")) {
        inBlock = false;
        continue;
      }
      String[] parts = t.split("\\s+", 3);
      if (parts.length < 2 || t.startsWith("#")) {
        continue;
      }
      boolean me = parts[0].equals("*") || names.contains(parts[0]);
      if (me && inRounds(parts[1], round)) {
        String reason = parts.length == 3 ? parts[2].strip() : "objection named in the issue";
        return Optional.of(
            reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason);
      }
    }
    return Optional.empty();
  }

  private static boolean inRounds(String rounds, int round) {
    if (rounds.equals("*")) {
      return true;
    }
    for (String r : rounds.toLowerCase(Locale.ROOT).split(",")) {
      if (r.strip().equals(Integer.toString(round))) {
        return true;
      }
    }
    return false;
  }
}
