package io.bzzz.tracker.local.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pull request reviews, their line comments and reactions to comments, and the merged state of a
 * pull request. Line comments are rows of {@code comments} tagged with their review, so that their
 * ids and the reactions endpoint are shared with conversation comments, as in Gitea.
 */
public final class ReviewStore {
  private final Database db;
  private final InstantSource clock;

  ReviewStore(Database db, InstantSource clock) {
    this.db = db;
    this.clock = clock;
  }

  /** A submitted review. */
  public record Review(
      long id,
      long issueNumber,
      Account reviewer,
      String state,
      String body,
      String commitId,
      int comments,
      Instant submitted) {}

  /** A line comment of a review. */
  public record LineComment(Comment comment, long reviewId, String path, int line) {}

  /** A line to comment on with a new review. */
  public record NewLine(String path, int line, String body) {}

  /** A reaction to a comment. */
  public record Reaction(Account user, String content, Instant created) {}

  /** Whether a reaction was made by this call or existed already. */
  public record Reacted(Reaction reaction, boolean created) {}

  /** Records a review with its line comments; empty when no such pull request exists. */
  public Optional<Review> create(
      Repo repo,
      long number,
      Account reviewer,
      String state,
      String body,
      String commitId,
      List<NewLine> lines) {
    return db.write(
        c -> {
          Optional<Long> issueId = pullId(c, repo, number);
          if (issueId.isEmpty()) {
            return Optional.empty();
          }
          long now = clock.millis();
          long id =
              Sql.insert(
                  c,
                  "INSERT INTO reviews (issue_id, reviewer_id, state, body, commit_id, created_at)"
                      + " VALUES (?,?,?,?,?,?)",
                  issueId.get(),
                  reviewer.id(),
                  state,
                  body,
                  commitId,
                  now);
          // a review moves the pull request's updated_at, as on GitHub and Gitea: readers that
          // skip unchanged pull requests rely on it
          Sql.update(c, "UPDATE issues SET updated_at = ? WHERE id = ?", now, issueId.get());
          for (NewLine l : lines) {
            Sql.insert(
                c,
                "INSERT INTO comments (issue_id, poster_id, body, created_at, updated_at,"
                    + " review_id, path, line) VALUES (?,?,?,?,?,?,?,?)",
                issueId.get(),
                reviewer.id(),
                l.body(),
                now,
                now,
                id,
                l.path(),
                l.line());
          }
          return Optional.of(
              new Review(
                  id,
                  number,
                  reviewer,
                  state,
                  body,
                  commitId,
                  lines.size(),
                  Instant.ofEpochMilli(now)));
        });
  }

  /** The reviews of a pull request, oldest first; empty when there is no such pull request. */
  public Optional<List<Review>> list(Repo repo, long number) {
    return db.read(
        c -> {
          Optional<Long> issueId = pullId(c, repo, number);
          if (issueId.isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(reviews(c, number, issueId.get(), Optional.empty()));
        });
  }

  public Optional<Review> get(Repo repo, long number, long reviewId) {
    return db.read(
        c -> {
          Optional<Long> issueId = pullId(c, repo, number);
          if (issueId.isEmpty()) {
            return Optional.empty();
          }
          return reviews(c, number, issueId.get(), Optional.of(reviewId)).stream().findFirst();
        });
  }

  /** The line comments of one review, oldest first. */
  public List<LineComment> lineComments(Repo repo, long number, long reviewId) {
    return db.read(
        c -> {
          Optional<Long> issueId = pullId(c, repo, number);
          if (issueId.isEmpty()) {
            return List.of();
          }
          record Extra(long id, String path, int line) {}
          List<CommentStore.Row> rows = new ArrayList<>();
          List<Extra> extras = new ArrayList<>();
          for (var pair :
              Sql.list(
                  c,
                  "SELECT id, poster_id, body, created_at, updated_at, path, line FROM comments"
                      + " WHERE issue_id = ? AND review_id = ? ORDER BY id",
                  rs ->
                      Map.entry(
                          CommentStore.row(rs),
                          new Extra(rs.getLong(1), rs.getString(6), rs.getInt(7))),
                  issueId.get(),
                  reviewId)) {
            rows.add(pair.getKey());
            extras.add(pair.getValue());
          }
          List<Comment> comments = CommentStore.comments(c, number, rows);
          List<LineComment> out = new ArrayList<>();
          for (int i = 0; i < comments.size(); i++) {
            out.add(
                new LineComment(
                    comments.get(i), reviewId, extras.get(i).path(), extras.get(i).line()));
          }
          return out;
        });
  }

  /**
   * Adds {@code content} from {@code user} to a comment of the repository, once; empty when the
   * repository has no such comment.
   */
  public Optional<Reacted> react(Repo repo, long commentId, Account user, String content) {
    return db.write(
        c -> {
          if (CommentStore.byId(c, repo, commentId).isEmpty()) {
            return Optional.empty();
          }
          Optional<Long> existing =
              Sql.one(
                  c,
                  "SELECT created_at FROM reactions WHERE comment_id = ? AND user_id = ?"
                      + " AND content = ?",
                  rs -> rs.getLong(1),
                  commentId,
                  user.id(),
                  content);
          if (existing.isPresent()) {
            return Optional.of(
                new Reacted(
                    new Reaction(user, content, Instant.ofEpochMilli(existing.get())), false));
          }
          long now = clock.millis();
          Sql.insert(
              c,
              "INSERT INTO reactions (comment_id, user_id, content, created_at) VALUES (?,?,?,?)",
              commentId,
              user.id(),
              content,
              now);
          return Optional.of(
              new Reacted(new Reaction(user, content, Instant.ofEpochMilli(now)), true));
        });
  }

  /** The reactions to a comment, oldest first; empty when the repository has no such comment. */
  public Optional<List<Reaction>> reactions(Repo repo, long commentId) {
    return db.read(
        c -> {
          if (CommentStore.byId(c, repo, commentId).isEmpty()) {
            return Optional.empty();
          }
          record Row(long user, String content, long created) {}
          List<Row> rows =
              Sql.list(
                  c,
                  "SELECT user_id, content, created_at FROM reactions WHERE comment_id = ?"
                      + " ORDER BY id",
                  rs -> new Row(rs.getLong(1), rs.getString(2), rs.getLong(3)),
                  commentId);
          Map<Long, Account> users = AccountStore.byIds(c, rows.stream().map(Row::user).toList());
          return Optional.of(
              rows.stream()
                  .map(
                      r ->
                          new Reaction(
                              users.get(r.user()), r.content(), Instant.ofEpochMilli(r.created())))
                  .toList());
        });
  }

  /** Marks an open pull request merged and closes it; false when it was not open. */
  public boolean markMerged(Repo repo, long number) {
    return db.write(
        c -> {
          Optional<Long> issueId = pullId(c, repo, number);
          if (issueId.isEmpty()) {
            return false;
          }
          long now = clock.millis();
          int changed =
              Sql.update(
                  c,
                  "UPDATE issues SET closed = 1, closed_at = ?, updated_at = ?"
                      + " WHERE id = ? AND closed = 0",
                  now,
                  now,
                  issueId.get());
          if (changed == 0) {
            return false;
          }
          Sql.update(
              c,
              "UPDATE pulls SET merged = 1, merged_at = ? WHERE issue_id = ?",
              now,
              issueId.get());
          return true;
        });
  }

  private static List<Review> reviews(Connection c, long number, long issueId, Optional<Long> only)
      throws SQLException {
    record Row(
        long id, long reviewer, String state, String body, String commit, long created, int n) {}
    List<Row> rows =
        Sql.list(
            c,
            "SELECT r.id, r.reviewer_id, r.state, r.body, r.commit_id, r.created_at,"
                + " (SELECT COUNT(*) FROM comments m WHERE m.review_id = r.id)"
                + " FROM reviews r WHERE r.issue_id = ? AND (? = 0 OR r.id = ?) ORDER BY r.id",
            rs ->
                new Row(
                    rs.getLong(1),
                    rs.getLong(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getLong(6),
                    rs.getInt(7)),
            issueId,
            only.isPresent() ? 1 : 0,
            only.orElse(0L));
    Map<Long, Account> users = AccountStore.byIds(c, rows.stream().map(Row::reviewer).toList());
    return rows.stream()
        .map(
            r ->
                new Review(
                    r.id(),
                    number,
                    users.get(r.reviewer()),
                    r.state(),
                    r.body(),
                    r.commit(),
                    r.n(),
                    Instant.ofEpochMilli(r.created())))
        .toList();
  }

  private static Optional<Long> pullId(Connection c, Repo repo, long number) throws SQLException {
    return Sql.one(
        c,
        "SELECT id FROM issues WHERE repo_id = ? AND number = ? AND is_pull = 1",
        rs -> rs.getLong(1),
        repo.id(),
        number);
  }
}
