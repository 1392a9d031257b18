package io.bzzz.agent.review;

import io.bzzz.tracker.Comment;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may write the hidden markers the loop trusts (round claims, round owners, "round finished"):
 * the agents' tracker users only. Anyone who can comment could type {@code <!-- bzzz-review … -->}
 * or {@code <!-- bzzz-claim … -->} by hand, to move the cursor past real requests, name another
 * round's owner or mark a round done; such a comment is left out of every marker read and logged
 * once.
 */
final class MarkerAuthors {
  private static final Logger log = LoggerFactory.getLogger(MarkerAuthors.class);
  static final String HIDDEN_MARKER = "<!-- bzzz-";

  private final Set<Long> reported = ConcurrentHashMap.newKeySet();

  /** The comments whose markers count: those posted by an agent user. */
  List<Comment> trusted(List<Comment> comments, Predicate<String> isAgent, int issue) {
    return comments.stream()
        .filter(
            c -> {
              if (isAgent.test(c.author())) {
                return true;
              }
              if (c.body().contains(HIDDEN_MARKER) && reported.add(c.id())) {
                log.atWarn()
                    .addKeyValue("issue", issue)
                    .addKeyValue("comment", c.id())
                    .addKeyValue("author", c.author())
                    .log("ignored a Bzzz marker in a comment by a user who is not an agent");
              }
              return false;
            })
        .toList();
  }
}
