package io.bzzz.tracker.claim;

import io.bzzz.tracker.Comment;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may write the hidden {@code <!-- bzzz-… -->} markers agents act on (round claims, claim
 * owners, council seats and status, plan and summary marks): the agents' own tracker users only.
 * Anyone who may comment could type a marker by hand, to block or hijack a round, a seat or a
 * council; such a comment is left out of every marker read and logged once.
 */
public final class MarkerAuthors {
  private static final Logger log = LoggerFactory.getLogger(MarkerAuthors.class);
  public static final String HIDDEN_MARKER = "<!-- bzzz-";

  /** Bounded memory of what was logged: the warning is for humans, not a ledger. */
  private static final int MAX_REPORTED = 10_000;

  private static final Set<String> reported = ConcurrentHashMap.newKeySet();

  private MarkerAuthors() {}

  /** The token's user: {@code login}, case-insensitive like GitHub and Gitea logins. */
  public static Predicate<String> user(String login) {
    String own = login.toLowerCase(Locale.ROOT);
    return author -> author != null && author.toLowerCase(Locale.ROOT).equals(own);
  }

  /** The comments on issue {@code issue} whose markers count: those posted by an agent user. */
  public static List<Comment> trusted(
      List<Comment> comments, Predicate<String> isAgent, int issue) {
    return comments.stream()
        .filter(
            c -> {
              if (isAgent.test(c.author())) {
                return true;
              }
              if (c.body().contains(HIDDEN_MARKER)) {
                report(issue, c);
              }
              return false;
            })
        .toList();
  }

  private static void report(int issue, Comment c) {
    if (reported.size() >= MAX_REPORTED) {
      reported.clear();
    }
    // the body too: ids restart on a fresh tracker, and an edited comment is a new forgery
    if (reported.add(issue + "/" + c.id() + "/" + c.body().hashCode())) {
      log.atWarn()
          .addKeyValue("issue", issue)
          .addKeyValue("comment", c.id())
          .addKeyValue("author", c.author())
          .log("ignored a Bzzz marker in a comment by a user who is not an agent");
    }
  }
}
