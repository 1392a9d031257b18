package io.bzzz.tracker.local.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Issues and pull requests (one number sequence per repository, as in Gitea), their labels and
 * assignees. Every change is one transaction.
 */
public final class IssueStore {
  private final Database db;
  private final InstantSource clock;

  IssueStore(Database db, InstantSource clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Creates an issue, or a pull request when {@code issue.pull()} is present. {@link Invalid} for a
   * label id the repository does not have; {@link Conflict} for a pull request whose head and base
   * already have an open pull request (checked and inserted in one transaction).
   */
  public Issue create(Repo repo, NewIssue issue) {
    return db.write(
        c -> {
          List<Label> labels = requireLabels(c, repo, issue.labelIds());
          if (issue.pull().isPresent()) {
            requireNoOpenPull(c, repo, issue.pull().get());
          }
          long number =
              Sql.one(
                      c,
                      "UPDATE repos SET next_index = next_index + 1 WHERE id = ?"
                          + " RETURNING next_index - 1",
                      rs -> rs.getLong(1),
                      repo.id())
                  .orElseThrow();
          long now = clock.millis();
          long id =
              Sql.insert(
                  c,
                  "INSERT INTO issues (repo_id, number, poster_id, title, body, closed, is_pull,"
                      + " created_at, updated_at, closed_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                  repo.id(),
                  number,
                  issue.poster().id(),
                  issue.title(),
                  issue.body(),
                  issue.closed() ? 1 : 0,
                  issue.pull().isPresent() ? 1 : 0,
                  now,
                  now,
                  issue.closed() ? now : null);
          for (Label l : labels) {
            Sql.update(c, "INSERT INTO issue_labels (issue_id, label_id) VALUES (?,?)", id, l.id());
          }
          setAssignees(c, id, issue.assignees());
          if (issue.pull().isPresent()) {
            PullInfo p = issue.pull().get();
            Sql.update(
                c,
                "INSERT INTO pulls (issue_id, head_ref, base_ref) VALUES (?,?,?)",
                id,
                p.headRef(),
                p.baseRef());
          }
          return IssueRows.byNumber(c, repo.id(), number).orElseThrow();
        });
  }

  /** Whether an open pull request of {@code repo} has {@code headRef} as its head branch. */
  public boolean hasOpenPullFrom(Repo repo, String headRef) {
    return db.read(
        c ->
            Sql.one(
                    c,
                    "SELECT i.number FROM issues i JOIN pulls p ON p.issue_id = i.id"
                        + " WHERE i.repo_id = ? AND i.closed = 0 AND p.head_ref = ?",
                    rs -> rs.getLong(1),
                    repo.id(),
                    headRef)
                .isPresent());
  }

  private static void requireNoOpenPull(Connection c, Repo repo, PullInfo pull)
      throws SQLException {
    Optional<Long> existing =
        Sql.one(
            c,
            "SELECT i.number FROM issues i JOIN pulls p ON p.issue_id = i.id"
                + " WHERE i.repo_id = ? AND i.closed = 0 AND p.head_ref = ? AND p.base_ref = ?",
            rs -> rs.getLong(1),
            repo.id(),
            pull.headRef(),
            pull.baseRef());
    if (existing.isPresent()) {
      throw new Conflict(
          "pull request already exists for these targets [number: "
              + existing.get()
              + ", head_branch: "
              + pull.headRef()
              + ", base_branch: "
              + pull.baseRef()
              + "]");
    }
  }

  private static List<Label> requireLabels(Connection c, Repo repo, Collection<Long> ids)
      throws SQLException {
    List<Label> labels = LabelStore.byIds(c, repo, ids);
    if (labels.size() != ids.stream().distinct().count()) {
      List<Long> found = labels.stream().map(Label::id).toList();
      List<Long> missing = ids.stream().filter(id -> !found.contains(id)).distinct().toList();
      throw new Invalid("label does not exist " + missing);
    }
    return labels;
  }

  private static void setAssignees(Connection c, long issueId, List<Account> assignees)
      throws SQLException {
    Sql.update(c, "DELETE FROM issue_assignees WHERE issue_id = ?", issueId);
    for (long userId : assignees.stream().map(Account::id).distinct().toList()) {
      Sql.update(
          c, "INSERT INTO issue_assignees (issue_id, user_id) VALUES (?,?)", issueId, userId);
    }
  }

  public Optional<Issue> get(Repo repo, long number) {
    return db.read(c -> IssueRows.byNumber(c, repo.id(), number));
  }

  public Page<Issue> list(Repo repo, IssueQuery q) {
    return db.read(
        c -> {
          StringBuilder where = new StringBuilder(" FROM issues i WHERE i.repo_id = ?");
          List<Object> args = new ArrayList<>(List.of(repo.id()));
          switch (q.state()) {
            case OPEN -> where.append(" AND i.closed = 0");
            case CLOSED -> where.append(" AND i.closed = 1");
            case ALL -> {}
          }
          switch (q.kind()) {
            case ISSUES -> where.append(" AND i.is_pull = 0");
            case PULLS -> where.append(" AND i.is_pull = 1");
            case ALL -> {}
          }
          for (String name : q.labelNames()) {
            List<Long> ids =
                Sql.list(
                    c,
                    "SELECT id FROM labels WHERE repo_id = ? AND name = ?",
                    rs -> rs.getLong(1),
                    repo.id(),
                    name);
            if (ids.isEmpty()) {
              continue; // Gitea drops names the repository has no label for
            }
            // The set is built once from the (label_id, issue_id) index; the unary + keeps it from
            // driving the query, so pages still walk the list index in number order and stop early.
            where.append(
                " AND +i.id IN (SELECT issue_id FROM issue_labels WHERE label_id IN ("
                    + Sql.marks(ids.size())
                    + "))");
            args.addAll(ids);
          }
          long total = Sql.count(c, "SELECT count(*)" + where, args.toArray());
          List<Object> pageArgs = new ArrayList<>(args);
          pageArgs.add(q.limit());
          pageArgs.add((long) (q.page() - 1) * q.limit());
          List<Issue> items =
              IssueRows.query(
                  c,
                  "SELECT "
                      + IssueRows.COLUMNS
                      + where
                      + " ORDER BY i.number DESC LIMIT ? OFFSET ?",
                  pageArgs.toArray());
          return new Page<>(items, total);
        });
  }

  /** Applies an edit; empty when there is no such issue. */
  public Optional<Issue> edit(Repo repo, long number, IssueEdit edit) {
    return db.write(
        c -> {
          Optional<Issue> current = IssueRows.byNumber(c, repo.id(), number);
          if (current.isEmpty()) {
            return Optional.empty();
          }
          Issue issue = current.get();
          long now = clock.millis();
          if (edit.title().isPresent()) {
            Sql.update(
                c, "UPDATE issues SET title = ? WHERE id = ?", edit.title().get(), issue.id());
          }
          if (edit.body().isPresent() && !edit.body().get().equals(issue.body())) {
            Sql.update(c, "UPDATE issues SET body = ? WHERE id = ?", edit.body().get(), issue.id());
            Sql.update(
                c,
                "INSERT INTO content_edits (issue_id, comment_id, editor_id, edited_at)"
                    + " VALUES (?,NULL,?,?)",
                issue.id(),
                edit.editor().id(),
                now);
          }
          if (edit.closed().isPresent() && edit.closed().get() != issue.closed()) {
            boolean closed = edit.closed().get();
            Sql.update(
                c,
                "UPDATE issues SET closed = ?, closed_at = ? WHERE id = ?",
                closed ? 1 : 0,
                closed ? now : null,
                issue.id());
          }
          if (edit.assignees().isPresent()) {
            setAssignees(c, issue.id(), edit.assignees().get());
          }
          Sql.update(c, "UPDATE issues SET updated_at = ? WHERE id = ?", now, issue.id());
          return IssueRows.byNumber(c, repo.id(), number);
        });
  }

  /** How {@link #changeLabels} combines the given labels with those on the issue. */
  public enum LabelChange {
    ADD,
    REPLACE,
    REMOVE
  }

  /**
   * Adds, replaces or removes labels of an issue and returns its labels after the change; empty
   * when there is no such issue. {@link Invalid} for label ids the repository does not have.
   */
  public Optional<List<Label>> changeLabels(
      Repo repo, long number, LabelChange change, Collection<Long> labelIds) {
    return db.write(
        c -> {
          Optional<Issue> current = IssueRows.byNumber(c, repo.id(), number);
          if (current.isEmpty()) {
            return Optional.empty();
          }
          long issueId = current.get().id();
          List<Label> labels = requireLabels(c, repo, labelIds);
          if (change == LabelChange.REPLACE) {
            Sql.update(c, "DELETE FROM issue_labels WHERE issue_id = ?", issueId);
          }
          for (Label l : labels) {
            if (change == LabelChange.REMOVE) {
              Sql.update(
                  c,
                  "DELETE FROM issue_labels WHERE issue_id = ? AND label_id = ?",
                  issueId,
                  l.id());
            } else {
              Sql.update(
                  c,
                  "INSERT OR IGNORE INTO issue_labels (issue_id, label_id) VALUES (?,?)",
                  issueId,
                  l.id());
            }
          }
          Sql.update(c, "UPDATE issues SET updated_at = ? WHERE id = ?", clock.millis(), issueId);
          return Optional.of(IssueRows.byNumber(c, repo.id(), number).orElseThrow().labels());
        });
  }
}
