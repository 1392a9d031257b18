package io.bzzz.tracker.claim;

import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.Comment;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hidden line in a claim comment that names the owner of an attempt, so that any agent can
 * later ask the mesh whether that owner is alive: {@code <!-- bzzz-claim task=12 attempt=2
 * peer=12D3... log=ab12... agent=NAME -->}. The agent name comes last and cannot contain '&gt;'.
 */
public final class ClaimMarker {
  private static final Pattern MARKER =
      Pattern.compile(
          "<!-- bzzz-claim task=(\\d{1,10}) attempt=(\\d{1,6})(?: peer=([A-Za-z0-9]{1,128}))?"
              + "(?: log=([A-Za-z0-9]{1,128}))? agent=([^>\\n]{1,200}) -->");

  private ClaimMarker() {}

  public static String format(int number, int attempt, AgentIdentity owner) {
    StringBuilder s = new StringBuilder("<!-- bzzz-claim task=").append(number);
    s.append(" attempt=").append(attempt);
    owner.peerId().ifPresent(p -> s.append(" peer=").append(p));
    owner.logKey().ifPresent(k -> s.append(" log=").append(k));
    return s.append(" agent=").append(owner.name()).append(" -->").toString();
  }

  /**
   * The owner named for {@code attempt} of task {@code number}, by the first marker an agent user
   * ({@code own}) wrote; a marker by anyone else counts only when none of theirs names the attempt
   * (agents of the mesh that post as other tracker users). So a marker a commenter typed before the
   * claim cannot name a ghost as the owner of an agent's claim (docs/review.md, markers).
   */
  public static Optional<AgentIdentity> owner(
      List<Comment> comments, int number, int attempt, java.util.function.Predicate<String> own) {
    Optional<AgentIdentity> ours =
        owner(comments.stream().filter(c -> own.test(c.author())).toList(), number, attempt);
    return ours.isPresent() ? ours : owner(comments, number, attempt);
  }

  /**
   * The owner named for {@code attempt} of task {@code number}, from the first matching comment.
   */
  public static Optional<AgentIdentity> owner(List<Comment> comments, int number, int attempt) {
    for (Comment c : comments) {
      Optional<AgentIdentity> owner = owner(c.body(), number, OptionalInt.of(attempt));
      if (owner.isPresent()) {
        return owner;
      }
    }
    return Optional.empty();
  }

  /**
   * The owner named by the first claim marker for task {@code number} in {@code body}, any attempt.
   */
  public static Optional<AgentIdentity> ownerIn(String body, int number) {
    return owner(body, number, OptionalInt.empty());
  }

  private static Optional<AgentIdentity> owner(String body, int number, OptionalInt attempt) {
    Matcher m = MARKER.matcher(body);
    while (m.find()) {
      if (parse(m.group(1)) == number
          && (attempt.isEmpty() || parse(m.group(2)) == attempt.getAsInt())) {
        try {
          return Optional.of(
              new AgentIdentity(
                  m.group(5), Optional.ofNullable(m.group(3)), Optional.ofNullable(m.group(4))));
        } catch (IllegalArgumentException e) {
          // a hand-written or damaged marker: not an owner we can name
        }
      }
    }
    return Optional.empty();
  }

  private static long parse(String digits) {
    return Long.parseLong(digits);
  }
}
