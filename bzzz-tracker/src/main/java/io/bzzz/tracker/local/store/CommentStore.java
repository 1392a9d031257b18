package io.bzzz.tracker.local.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
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

  private record Row(long id, long posterId, String body, long created, long updated) {}

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
                  id, number, poster, body, Instant.ofEpochMilli(now), Instant.ofEpochMilli(now)));
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
                      + " WHERE issue_id = ? ORDER BY id",
                  rs ->
                      new Row(
                          rs.getLong(1),
                          rs.getLong(2),
                          rs.getString(3),
                          rs.getLong(4),
                          rs.getLong(5)),
                  issueId.get());
          Map<Long, Account> users =
              AccountStore.byIds(c, rows.stream().map(Row::posterId).toList());
          return Optional.of(
              rows.stream()
                  .map(
                      r ->
                          new Comment(
                              r.id(),
                              number,
                              users.get(r.posterId()),
                              r.body(),
                              Instant.ofEpochMilli(r.created()),
                              Instant.ofEpochMilli(r.updated())))
                  .toList());
        });
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
