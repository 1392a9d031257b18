package io.bzzz.tracker.local.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Users and their access tokens (stored as hashes only). */
public final class AccountStore {
  static final String COLUMNS = "u.id, u.login, u.email, u.full_name, u.is_admin, u.created_at";

  private final Database db;
  private final InstantSource clock;

  AccountStore(Database db, InstantSource clock) {
    this.db = db;
    this.clock = clock;
  }

  static Account map(ResultSet rs) throws SQLException {
    return new Account(
        rs.getLong("id"),
        rs.getString("login"),
        rs.getString("email"),
        rs.getString("full_name"),
        rs.getInt("is_admin") != 0,
        Sql.instant(rs, "created_at"));
  }

  /** Creates a user; {@link Conflict} when the login is taken (logins ignore case). */
  public Account create(String login, String email, boolean admin, Optional<String> passwordHash) {
    return db.write(
        c -> {
          if (byLogin(c, login).isPresent()) {
            throw new Conflict("user already exists [name: " + login + "]");
          }
          long id =
              Sql.insert(
                  c,
                  "INSERT INTO users (login, email, is_admin, password_hash, created_at)"
                      + " VALUES (?,?,?,?,?)",
                  login,
                  email,
                  admin ? 1 : 0,
                  passwordHash.orElse(null),
                  clock.millis());
          return byId(c, id).orElseThrow();
        });
  }

  public long count() {
    return db.read(c -> Sql.count(c, "SELECT count(*) FROM users"));
  }

  public Optional<Account> byLogin(String login) {
    return db.read(c -> byLogin(c, login));
  }

  static Optional<Account> byLogin(Connection c, String login) throws SQLException {
    return Sql.one(
        c, "SELECT " + COLUMNS + " FROM users u WHERE u.login = ?", AccountStore::map, login);
  }

  static Optional<Account> byId(Connection c, long id) throws SQLException {
    return Sql.one(c, "SELECT " + COLUMNS + " FROM users u WHERE u.id = ?", AccountStore::map, id);
  }

  static Map<Long, Account> byIds(Connection c, Collection<Long> ids) throws SQLException {
    Map<Long, Account> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    List<Long> distinct = ids.stream().distinct().toList();
    for (Account a :
        Sql.list(
            c,
            "SELECT "
                + COLUMNS
                + " FROM users u WHERE u.id IN ("
                + Sql.marks(distinct.size())
                + ")",
            AccountStore::map,
            Sql.args(distinct))) {
      out.put(a.id(), a);
    }
    return out;
  }

  public Optional<String> passwordHash(long userId) {
    return db.read(
        c ->
            Sql.one(
                c,
                "SELECT password_hash FROM users WHERE id = ? AND password_hash IS NOT NULL",
                rs -> rs.getString(1),
                userId));
  }

  /** Stores a token hash under a name unique for its user; {@link Conflict} when it is taken. */
  public TokenInfo addToken(long userId, String name, String tokenHash, String lastEight) {
    return db.write(
        c -> {
          if (Sql.count(
                  c, "SELECT count(*) FROM tokens WHERE user_id = ? AND name = ?", userId, name)
              > 0) {
            throw new Conflict("access token name has been used already");
          }
          long id =
              Sql.insert(
                  c,
                  "INSERT INTO tokens (user_id, name, token_hash, last_eight, created_at)"
                      + " VALUES (?,?,?,?,?)",
                  userId,
                  name,
                  tokenHash,
                  lastEight,
                  clock.millis());
          return new TokenInfo(id, name, lastEight);
        });
  }

  /**
   * Stores a token hash under {@code name}, in place of the user's token of that name if there is
   * one, in one transaction: the old token works until the new one does.
   */
  public TokenInfo replaceToken(long userId, String name, String tokenHash, String lastEight) {
    return db.write(
        c -> {
          Sql.update(c, "DELETE FROM tokens WHERE user_id = ? AND name = ?", userId, name);
          long id =
              Sql.insert(
                  c,
                  "INSERT INTO tokens (user_id, name, token_hash, last_eight, created_at)"
                      + " VALUES (?,?,?,?,?)",
                  userId,
                  name,
                  tokenHash,
                  lastEight,
                  clock.millis());
          return new TokenInfo(id, name, lastEight);
        });
  }

  /**
   * Deletes one of the user's tokens, named by its id or its name (as Gitea's API does); false when
   * the user has no such token. Requests with it fail from the next one on.
   */
  public boolean deleteToken(long userId, String idOrName) {
    return db.write(
        c -> {
          int byName =
              Sql.update(c, "DELETE FROM tokens WHERE user_id = ? AND name = ?", userId, idOrName);
          if (byName > 0 || !idOrName.matches("[0-9]{1,18}")) {
            return byName > 0;
          }
          return Sql.update(
                  c,
                  "DELETE FROM tokens WHERE user_id = ? AND id = ?",
                  userId,
                  Long.parseLong(idOrName))
              > 0;
        });
  }

  /** Metadata of a stored token; the token itself is never stored. */
  public record TokenInfo(long id, String name, String lastEight) {}

  public Optional<Account> byTokenHash(String tokenHash) {
    return db.read(
        c ->
            Sql.one(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM users u JOIN tokens t ON t.user_id = u.id WHERE t.token_hash = ?",
                AccountStore::map,
                tokenHash));
  }
}
