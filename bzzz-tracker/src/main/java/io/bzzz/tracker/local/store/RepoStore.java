package io.bzzz.tracker.local.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Repositories, their collaborators, and the lock that orders git ref changes with SQL writes. */
public final class RepoStore {
  private static final String SELECT =
      "SELECT r.id, r.owner_id, r.name, r.description, r.private, r.default_branch,"
          + " r.created_at, r.updated_at FROM repos r";

  private final Database db;
  private final InstantSource clock;

  RepoStore(Database db, InstantSource clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Creates a repository row and, in the same transaction, its git storage through {@code
   * createStorage}: if that throws, the row is rolled back. {@link Conflict} when the owner already
   * has a repository of that name (names ignore case).
   */
  public Repo create(
      Account owner,
      String name,
      String description,
      boolean isPrivate,
      String defaultBranch,
      Runnable createStorage) {
    return db.write(
        c -> {
          if (find(c, owner.login(), name).isPresent()) {
            throw new Conflict("The repository with the same name already exists.");
          }
          long now = clock.millis();
          long id =
              Sql.insert(
                  c,
                  "INSERT INTO repos (owner_id, name, description, private, default_branch,"
                      + " created_at, updated_at) VALUES (?,?,?,?,?,?,?)",
                  owner.id(),
                  name,
                  description,
                  isPrivate ? 1 : 0,
                  defaultBranch,
                  now,
                  now);
          createStorage.run();
          return byId(c, id);
        });
  }

  public Optional<Repo> find(String ownerLogin, String name) {
    return db.read(c -> find(c, ownerLogin, name));
  }

  static Optional<Repo> find(Connection c, String ownerLogin, String name) throws SQLException {
    Optional<Account> owner = AccountStore.byLogin(c, ownerLogin);
    if (owner.isEmpty()) {
      return Optional.empty();
    }
    return Sql.one(
        c,
        SELECT + " WHERE r.owner_id = ? AND r.name = ?",
        rs -> map(rs, owner.get()),
        owner.get().id(),
        name);
  }

  static Repo byId(Connection c, long id) throws SQLException {
    long ownerId =
        Sql.one(c, "SELECT owner_id FROM repos WHERE id = ?", rs -> rs.getLong(1), id)
            .orElseThrow(() -> new SQLException("repository " + id + " vanished"));
    Account owner = AccountStore.byId(c, ownerId).orElseThrow();
    return Sql.one(c, SELECT + " WHERE r.id = ?", rs -> map(rs, owner), id).orElseThrow();
  }

  private static Repo map(ResultSet rs, Account owner) throws SQLException {
    return new Repo(
        rs.getLong("id"),
        owner,
        rs.getString("name"),
        rs.getString("description"),
        rs.getInt("private") != 0,
        rs.getString("default_branch"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"));
  }

  /** Open issue and pull request counts, from the list index. */
  public RepoStats stats(Repo repo) {
    return db.read(
        c ->
            Sql.one(
                    c,
                    "SELECT sum(is_pull = 0), sum(is_pull = 1) FROM issues"
                        + " WHERE repo_id = ? AND closed = 0",
                    rs -> new RepoStats(rs.getInt(1), rs.getInt(2)),
                    repo.id())
                .orElse(new RepoStats(0, 0)));
  }

  /** Repositories owned by a user, by name. */
  public List<Repo> ownedBy(Account owner) {
    return db.read(
        c ->
            Sql.list(
                c,
                SELECT + " WHERE r.owner_id = ? ORDER BY r.name",
                rs -> map(rs, owner),
                owner.id()));
  }

  /** What {@code user} (empty for anonymous) may do in {@code repo}. */
  public Permission permission(Repo repo, Optional<Account> user) {
    Permission anonymous = repo.isPrivate() ? Permission.NONE : Permission.READ;
    if (user.isEmpty()) {
      return anonymous;
    }
    Account u = user.get();
    if (u.admin() || u.id() == repo.owner().id()) {
      return Permission.ADMIN;
    }
    Optional<Permission> collaborator =
        db.read(
            c ->
                Sql.one(
                    c,
                    "SELECT permission FROM collaborators WHERE repo_id = ? AND user_id = ?",
                    rs -> Permission.valueOf(rs.getString(1)),
                    repo.id(),
                    u.id()));
    return collaborator.orElse(anonymous);
  }

  public void setCollaborator(Repo repo, Account user, Permission permission) {
    db.write(
        c ->
            Sql.update(
                c,
                "INSERT INTO collaborators (repo_id, user_id, permission) VALUES (?,?,?)"
                    + " ON CONFLICT (repo_id, user_id) DO UPDATE SET permission = excluded.permission",
                repo.id(),
                user.id(),
                permission.name()));
  }

  /** The owner and the collaborators with write access: who may be assigned issues. */
  public List<Account> assignable(Repo repo) {
    return db.read(
        c -> {
          List<Account> out = new ArrayList<>();
          out.add(repo.owner());
          out.addAll(
              Sql.list(
                  c,
                  "SELECT "
                      + AccountStore.COLUMNS
                      + " FROM users u JOIN collaborators k ON k.user_id = u.id"
                      + " WHERE k.repo_id = ? AND k.permission IN ('WRITE','ADMIN')"
                      + " ORDER BY u.login",
                  AccountStore::map,
                  repo.id()));
          return out;
        });
  }

  /**
   * Runs a git ref change under the lock that orders all tracker writes. The ref itself is the
   * durable record (git writes it through an fsynced lock file), so no SQL row is needed.
   */
  public <T> T changeRefs(Supplier<T> change) {
    return db.exclusive(change);
  }
}
