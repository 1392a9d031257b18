package io.bzzz.tracker.local.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The webhooks of each repository. */
public final class HookStore {
  private static final String COLUMNS =
      "id, repo_id, url, content_type, secret, events, active, created_at, updated_at";

  private final Database db;
  private final InstantSource clock;

  HookStore(Database db, InstantSource clock) {
    this.db = db;
    this.clock = clock;
  }

  private static Hook map(ResultSet rs) throws SQLException {
    String events = rs.getString("events");
    return new Hook(
        rs.getLong("id"),
        rs.getLong("repo_id"),
        rs.getString("url"),
        rs.getString("content_type"),
        rs.getString("secret"),
        events.isEmpty() ? List.of() : Arrays.asList(events.split(",")),
        rs.getInt("active") != 0,
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"));
  }

  /**
   * @param events event names without commas (the API checks them)
   */
  public Hook create(
      Repo repo,
      String url,
      String contentType,
      String secret,
      List<String> events,
      boolean active) {
    return db.write(
        c -> {
          long now = clock.millis();
          long id =
              Sql.insert(
                  c,
                  "INSERT INTO hooks (repo_id, url, content_type, secret, events, active,"
                      + " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                  repo.id(),
                  url,
                  contentType,
                  secret,
                  String.join(",", events),
                  active ? 1 : 0,
                  now,
                  now);
          return Sql.one(c, "SELECT " + COLUMNS + " FROM hooks WHERE id = ?", HookStore::map, id)
              .orElseThrow();
        });
  }

  /** Oldest first. */
  public List<Hook> list(Repo repo) {
    return db.read(
        c ->
            Sql.list(
                c,
                "SELECT " + COLUMNS + " FROM hooks WHERE repo_id = ? ORDER BY id",
                HookStore::map,
                repo.id()));
  }

  public Optional<Hook> get(Repo repo, long id) {
    return db.read(
        c ->
            Sql.one(
                c,
                "SELECT " + COLUMNS + " FROM hooks WHERE id = ? AND repo_id = ?",
                HookStore::map,
                id,
                repo.id()));
  }

  /** False when the repository has no such hook. */
  public boolean delete(Repo repo, long id) {
    return db.write(
            c -> Sql.update(c, "DELETE FROM hooks WHERE id = ? AND repo_id = ?", id, repo.id()))
        > 0;
  }
}
