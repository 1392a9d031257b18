package io.bzzz.tracker.claim;

import io.bzzz.tracker.Comment;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A hidden id appended to every comment Bzzz posts ({@code <!-- bzzz-comment 1f2e... -->}). When
 * the answer to a POST is lost, the id tells whether the comment exists before it is sent again, so
 * no comment is ever posted twice.
 */
public final class CommentMarker {
  private final String id;

  private CommentMarker(String id) {
    this.id = id;
  }

  public static CommentMarker fresh(RandomGenerator random) {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    return new CommentMarker(HexFormat.of().formatHex(bytes));
  }

  public String tag() {
    return "<!-- bzzz-comment " + id + " -->";
  }

  /** {@code body} with the marker on a line of its own at the end. */
  public String appendTo(String body) {
    return body + "\n\n" + tag();
  }

  public Optional<Comment> findIn(List<Comment> comments) {
    return comments.stream().filter(c -> c.body().contains(tag())).findFirst();
  }
}
