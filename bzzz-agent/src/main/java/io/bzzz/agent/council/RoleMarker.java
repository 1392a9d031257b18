package io.bzzz.agent.council;

import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.Comment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hidden line in a seat comment on the brief that names who holds a role at an attempt, as a
 * claim comment does for a task: {@code <!-- bzzz-council council=7 role=tester attempt=2
 * peer=12D3... log=ab12... agent=NAME -->}. The ref is the lock; the marker only names its holder,
 * so that any agent can ask the mesh whether that holder is alive.
 */
public final class RoleMarker {
  private static final Pattern MARKER =
      Pattern.compile(
          "<!-- bzzz-council council=(\\d{1,10}) role=(_?[a-z0-9-]{1,40}) attempt=(\\d{1,6})"
              + "(?: peer=([A-Za-z0-9]{1,128}))?(?: log=([A-Za-z0-9]{1,128}))?"
              + " agent=([^>\\n]{1,200}) -->");

  private RoleMarker() {}

  public static String format(RoleRef ref, AgentIdentity owner) {
    StringBuilder s = new StringBuilder("<!-- bzzz-council council=").append(ref.council());
    s.append(" role=").append(ref.role()).append(" attempt=").append(ref.attempt());
    owner.peerId().ifPresent(p -> s.append(" peer=").append(p));
    owner.logKey().ifPresent(k -> s.append(" log=").append(k));
    return s.append(" agent=").append(owner.name()).append(" -->").toString();
  }

  /**
   * The seats named in {@code comments} for council {@code council}: per role, the highest attempt
   * (the first comment naming an attempt wins, as the ref has one creator).
   */
  public static Map<String, Seat> seats(List<Comment> comments, int council) {
    Map<String, Seat> out = new HashMap<>();
    for (Comment c : comments) {
      Matcher m = MARKER.matcher(c.body());
      while (m.find()) {
        if (Long.parseLong(m.group(1)) != council) {
          continue;
        }
        String role = m.group(2);
        int attempt = Integer.parseInt(m.group(3));
        Optional<AgentIdentity> who = identity(m);
        if (who.isEmpty() || !(role.equals(RoleRef.CONVENER) || RoleRef.isRole(role))) {
          continue;
        }
        Seat known = out.get(role);
        if (known == null || known.attempt() < attempt) {
          out.put(role, new Seat(role, attempt, who.get()));
        }
      }
    }
    return out;
  }

  private static Optional<AgentIdentity> identity(Matcher m) {
    try {
      return Optional.of(
          new AgentIdentity(
              m.group(6), Optional.ofNullable(m.group(4)), Optional.ofNullable(m.group(5))));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a damaged or hand-written marker names nobody
    }
  }
}
