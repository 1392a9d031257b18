package io.bzzz.tracker.local.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Comments on issues and pull requests; the issue's comment count moves in the same write. */
public final class CommentStore {
  private final Database db;
  private final InstantSource clock;

  CommentStore(Database db, InstantSource clock) {
    this.db = db;
    this.clock = clock;
  }

  record Row(long id, long posterId, String body, long created, long updated) {}

  /** Adds a comment; empty when the issue does not exist. */
  public Optional<Comment> create(Repo repo, long number, Account poster, String body) {
    return db.write(
        c -> {
          Optional<Long> issueId = issueId(c, repo, number);
          if (issueId.isEmpty()) {
            return Optional.empty();
          }
          long now = clock.millis();
          long id =
              Sql.insert(
                  c,
                  "INSERT INTO comments (issue_id, poster_id, body, created_at, updated_at)"
                      + " VALUES (?,?,?,?,?)",
                  issueId.get(),
                  poster.id(),
                  body,
                  now,
                  now);
          Sql.update(
              c,
              "UPDATE issues SET comments = comments + 1, updated_at = ? WHERE id = ?",
              now,
              issueId.get());
          return Optional.of(
              new Comment(
                  id,
                  number,
                  poster,
                  body,
                  Instant.ofEpochMilli(now),
                  Instant.ofEpochMilli(now),
                  List.of()));
        });
  }

  /** All comments of an issue, oldest first; empty when the issue does not exist. */
  public Optional<List<Comment>> list(Repo repo, long number) {
    return db.read(
        c -> {
          Optional<Long> issueId = issueId(c, repo, number);
          if (issueId.isEmpty()) {
            return Optional.empty();
          }
          List<Row> rows =
              Sql.list(
                  c,
                  "SELECT id, poster_id, body, created_at, updated_at FROM comments"
                      + " WHERE issue_id = ? AND review_id IS NULL ORDER BY id",
                  CommentStore::row,
                  issueId.get());
          return Optional.of(comments(c, number, rows));
        });
  }

  /** One comment of the repository by its id; empty when there is none. */
  public Optional<Comment> get(Repo repo, long commentId) {
    return db.read(c -> byId(c, repo, commentId));
  }

  /**
   * Replaces a comment's text and records {@code editor} when the text changes; empty when the
   * repository has no such comment.
   */
  public Optional<Comment> edit(Repo repo, long commentId, Account editor, String body) {
    return db.write(
        c -> {
          Optional<Comment> current = byId(c, repo, commentId);
          if (current.isEmpty() || current.get().body().equals(body)) {
            return current;
          }
          long now = clock.millis();
          Sql.update(
              c, "UPDATE comments SET body = ?, updated_at = ? WHERE id = ?", body, now, commentId);
          Sql.update(
              c,
              "INSERT INTO content_edits (issue_id, comment_id, editor_id, edited_at)"
                  + " SELECT issue_id, id, ?, ? FROM comments WHERE id = ?",
              editor.id(),
              now,
              commentId);
          return byId(c, repo, commentId);
        });
  }

  static Optional<Comment> byId(Connection c, Repo repo, long commentId) throws SQLException {
    Optional<Long> number =
        Sql.one(
            c,
            "SELECT i.number FROM comments m JOIN issues i ON i.id = m.issue_id"
                + " WHERE m.id = ? AND i.repo_id = ?",
            rs -> rs.getLong(1),
            commentId,
            repo.id());
    if (number.isEmpty()) {
      return Optional.empty();
    }
    List<Row> rows =
        Sql.list(
            c,
            "SELECT id, poster_id, body, created_at, updated_at FROM comments WHERE id = ?",
            CommentStore::row,
            commentId);
    return comments(c, number.get(), rows).stream().findFirst();
  }

  static Row row(java.sql.ResultSet rs) throws SQLException {
    return new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getLong(5));
  }

  /** Builds comments from rows, with their posters and editors read in bulk. */
  static List<Comment> comments(Connection c, long number, List<Row> rows) throws SQLException {
    if (rows.isEmpty()) {
      return List.of();
    }
    List<Long> ids = rows.stream().map(Row::id).toList();
    Map<Long, List<Long>> editorIds = new HashMap<>();
    for (var pair :
        Sql.list(
            c,
            "SELECT comment_id, editor_id FROM content_edits WHERE comment_id IN ("
                + Sql.marks(ids.size())
                + ") ORDER BY id",
            rs -> Map.entry(rs.getLong(1), rs.getLong(2)),
            Sql.args(ids))) {
      editorIds.computeIfAbsent(pair.getKey(), k -> new ArrayList<>()).add(pair.getValue());
    }
    List<Long> userIds = new ArrayList<>(rows.stream().map(Row::posterId).toList());
    editorIds.values().forEach(userIds::addAll);
    Map<Long, Account> users = AccountStore.byIds(c, userIds);
    return rows.stream()
        .map(
            r ->
                new Comment(
                    r.id(),
                    number,
                    users.get(r.posterId()),
                    r.body(),
                    Instant.ofEpochMilli(r.created()),
                    Instant.ofEpochMilli(r.updated()),
                    editorIds.getOrDefault(r.id(), List.of()).stream().map(users::get).toList()))
        .toList();
  }

  private static Optional<Long> issueId(Connection c, Repo repo, long number) throws SQLException {
    return Sql.one(
        c,
        "SELECT id FROM issues WHERE repo_id = ? AND number = ?",
        rs -> rs.getLong(1),
        repo.id(),
        number);
  }
}
