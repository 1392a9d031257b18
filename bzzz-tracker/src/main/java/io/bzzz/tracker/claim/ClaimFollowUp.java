package io.bzzz.tracker.claim;

import io.bzzz.tracker.Comment;
import java.util.List;

/** The issue operations a won claim is followed by, and where owners are read back from. */
public interface ClaimFollowUp {
  boolean assignSelf(int number);

  void relabel(int number, List<String> add, List<String> remove);

  Comment comment(int number, String body);

  List<Comment> comments(int number);

  /** The user this client posts as; its claim markers are preferred over anyone else's. */
  default String login() {
    return "";
  }
}
