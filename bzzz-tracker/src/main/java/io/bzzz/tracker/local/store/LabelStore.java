package io.bzzz.tracker.local.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Repository labels. Names are not unique, as in Gitea: two labels may share a name, and a filter
 * by name matches either.
 */
public final class LabelStore {
  private static final String COLUMNS =
      "l.id, l.repo_id, l.name, l.color, l.description, l.exclusive";

  private final Database db;

  LabelStore(Database db) {
    this.db = db;
  }

  static Label map(ResultSet rs) throws SQLException {
    return new Label(
        rs.getLong("id"),
        rs.getLong("repo_id"),
        rs.getString("name"),
        rs.getString("color"),
        rs.getString("description"),
        rs.getInt("exclusive") != 0);
  }

  public Label create(Repo repo, String name, String color, String description, boolean exclusive) {
    return db.write(
        c -> {
          long id =
              Sql.insert(
                  c,
                  "INSERT INTO labels (repo_id, name, color, description, exclusive)"
                      + " VALUES (?,?,?,?,?)",
                  repo.id(),
                  name,
                  color,
                  description,
                  exclusive ? 1 : 0);
          return byId(c, repo, id).orElseThrow();
        });
  }

  public Page<Label> list(Repo repo, int page, int limit) {
    return db.read(
        c ->
            new Page<>(
                Sql.list(
                    c,
                    "SELECT "
                        + COLUMNS
                        + " FROM labels l WHERE l.repo_id = ? ORDER BY l.name, l.id"
                        + " LIMIT ? OFFSET ?",
                    LabelStore::map,
                    repo.id(),
                    limit,
                    (long) (page - 1) * limit),
                Sql.count(c, "SELECT count(*) FROM labels WHERE repo_id = ?", repo.id())));
  }

  public Optional<Label> byId(Repo repo, long id) {
    return db.read(c -> byId(c, repo, id));
  }

  private static Optional<Label> byId(Connection c, Repo repo, long id) throws SQLException {
    return Sql.one(
        c,
        "SELECT " + COLUMNS + " FROM labels l WHERE l.id = ? AND l.repo_id = ?",
        LabelStore::map,
        id,
        repo.id());
  }

  /** The labels of {@code repo} with these ids; ids of other repositories or none are absent. */
  static List<Label> byIds(Connection c, Repo repo, Collection<Long> ids) throws SQLException {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<Long> distinct = ids.stream().distinct().toList();
    Object[] args = new Object[distinct.size() + 1];
    args[0] = repo.id();
    for (int i = 0; i < distinct.size(); i++) {
      args[i + 1] = distinct.get(i);
    }
    return Sql.list(
        c,
        "SELECT "
            + COLUMNS
            + " FROM labels l WHERE l.repo_id = ? AND l.id IN ("
            + Sql.marks(distinct.size())
            + ") ORDER BY l.name, l.id",
        LabelStore::map,
        args);
  }

  /** Labels of {@code repo} whose name is one of {@code names}. */
  public List<Label> byNames(Repo repo, Collection<String> names) {
    if (names.isEmpty()) {
      return List.of();
    }
    List<String> distinct = names.stream().distinct().toList();
    Object[] args = new Object[distinct.size() + 1];
    args[0] = repo.id();
    for (int i = 0; i < distinct.size(); i++) {
      args[i + 1] = distinct.get(i);
    }
    return db.read(
        c ->
            Sql.list(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM labels l WHERE l.repo_id = ? AND l.name IN ("
                    + Sql.marks(distinct.size())
                    + ")",
                LabelStore::map,
                args));
  }
}
