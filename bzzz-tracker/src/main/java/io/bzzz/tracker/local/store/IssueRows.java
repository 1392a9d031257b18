package io.bzzz.tracker.local.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads issue rows and joins their poster, labels, assignees and pull request data in bulk. */
final class IssueRows {
  static final String COLUMNS =
      "i.id, i.repo_id, i.number, i.poster_id, i.title, i.body, i.closed, i.is_pull,"
          + " i.comments, i.created_at, i.updated_at, i.closed_at";

  private IssueRows() {}

  private record Row(
      long id,
      long repoId,
      long number,
      long posterId,
      String title,
      String body,
      boolean closed,
      boolean isPull,
      int comments,
      Instant created,
      Instant updated,
      Optional<Instant> closedAt) {}

  private static Row map(ResultSet rs) throws SQLException {
    return new Row(
        rs.getLong("id"),
        rs.getLong("repo_id"),
        rs.getLong("number"),
        rs.getLong("poster_id"),
        rs.getString("title"),
        rs.getString("body"),
        rs.getInt("closed") != 0,
        rs.getInt("is_pull") != 0,
        rs.getInt("comments"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"),
        Sql.optionalInstant(rs, "closed_at"));
  }

  /** Runs a query selecting {@link #COLUMNS} from {@code issues i} and builds full issues. */
  static List<Issue> query(Connection c, String sql, Object... args) throws SQLException {
    List<Row> rows = Sql.list(c, sql, IssueRows::map, args);
    if (rows.isEmpty()) {
      return List.of();
    }
    List<Long> ids = rows.stream().map(Row::id).toList();
    String in = "(" + Sql.marks(ids.size()) + ")";
    Object[] idArgs = Sql.args(ids);

    Map<Long, List<Label>> labels = new HashMap<>();
    for (var pair :
        Sql.list(
            c,
            "SELECT il.issue_id AS issue_id, l.id, l.repo_id, l.name, l.color, l.description,"
                + " l.exclusive FROM issue_labels il JOIN labels l ON l.id = il.label_id"
                + " WHERE il.issue_id IN "
                + in
                + " ORDER BY l.name, l.id",
            rs -> Map.entry(rs.getLong("issue_id"), LabelStore.map(rs)),
            idArgs)) {
      labels.computeIfAbsent(pair.getKey(), k -> new ArrayList<>()).add(pair.getValue());
    }

    Map<Long, List<Long>> assigneeIds = new HashMap<>();
    for (var pair :
        Sql.list(
            c,
            "SELECT issue_id, user_id FROM issue_assignees WHERE issue_id IN "
                + in
                + " ORDER BY user_id",
            rs -> Map.entry(rs.getLong(1), rs.getLong(2)),
            idArgs)) {
      assigneeIds.computeIfAbsent(pair.getKey(), k -> new ArrayList<>()).add(pair.getValue());
    }

    Map<Long, PullInfo> pulls = new HashMap<>();
    for (var pair :
        Sql.list(
            c,
            "SELECT issue_id, head_ref, base_ref, merged, merged_at FROM pulls WHERE issue_id IN "
                + in,
            rs ->
                Map.entry(
                    rs.getLong("issue_id"),
                    new PullInfo(
                        rs.getString("head_ref"),
                        rs.getString("base_ref"),
                        rs.getInt("merged") != 0,
                        Sql.optionalInstant(rs, "merged_at"))),
            idArgs)) {
      pulls.put(pair.getKey(), pair.getValue());
    }

    Map<Long, List<Long>> editorIds = new HashMap<>();
    for (var pair :
        Sql.list(
            c,
            "SELECT issue_id, editor_id FROM content_edits WHERE comment_id IS NULL"
                + " AND issue_id IN "
                + in
                + " ORDER BY id",
            rs -> Map.entry(rs.getLong(1), rs.getLong(2)),
            idArgs)) {
      editorIds.computeIfAbsent(pair.getKey(), k -> new ArrayList<>()).add(pair.getValue());
    }

    List<Long> userIds = new ArrayList<>(rows.stream().map(Row::posterId).toList());
    assigneeIds.values().forEach(userIds::addAll);
    editorIds.values().forEach(userIds::addAll);
    Map<Long, Account> users = AccountStore.byIds(c, userIds);

    List<Issue> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(
          new Issue(
              r.id(),
              r.repoId(),
              r.number(),
              users.get(r.posterId()),
              r.title(),
              r.body(),
              r.closed(),
              labels.getOrDefault(r.id(), List.of()),
              assigneeIds.getOrDefault(r.id(), List.of()).stream().map(users::get).toList(),
              r.comments(),
              r.created(),
              r.updated(),
              r.closedAt(),
              Optional.ofNullable(pulls.get(r.id())),
              editorIds.getOrDefault(r.id(), List.of()).stream().map(users::get).toList()));
    }
    return out;
  }

  static Optional<Issue> byNumber(Connection c, long repoId, long number) throws SQLException {
    List<Issue> found =
        query(
            c,
            "SELECT " + COLUMNS + " FROM issues i WHERE i.repo_id = ? AND i.number = ?",
            repoId,
            number);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }
}
