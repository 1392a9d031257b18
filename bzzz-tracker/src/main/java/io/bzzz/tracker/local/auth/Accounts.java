package io.bzzz.tracker.local.auth;

import io.bzzz.tracker.local.names.Names;
import io.bzzz.tracker.local.store.Account;
import io.bzzz.tracker.local.store.AccountStore;
import io.bzzz.tracker.local.store.Invalid;
import java.util.Optional;

/** Creates users and tokens: the only place where a token exists in clear, once. */
public final class Accounts {
  private final AccountStore store;
  private final Tokens tokens;
  private final Passwords passwords;

  public Accounts(AccountStore store, Tokens tokens, Passwords passwords) {
    this.store = store;
    this.tokens = tokens;
    this.passwords = passwords;
  }

  /** A token just created: {@code token} is shown to its owner once and never stored. */
  public record IssuedToken(long id, String name, String token, String lastEight) {
    @Override
    public String toString() {
      return "IssuedToken[" + id + ", " + name + ", ***" + lastEight + "]";
    }
  }

  public Account createUser(String login, String email, boolean admin, Optional<String> password) {
    if (!Names.isValidUser(login)) {
      throw new Invalid("invalid user name: " + login);
    }
    return store.create(login, email, admin, password.map(passwords::hash));
  }

  public IssuedToken createToken(Account user, String name) {
    checkName(name);
    String token = tokens.generate();
    AccountStore.TokenInfo info =
        store.addToken(user.id(), name, Tokens.hash(token), Tokens.lastEight(token));
    return new IssuedToken(info.id(), info.name(), token, info.lastEight());
  }

  /**
   * Makes a token chosen outside the tracker (a deployment secret) {@code user}'s token named
   * {@code name}, replacing the one that had that name. It must be 32 to 255 visible ASCII
   * characters: a secret short enough to guess is refused, and then the old token stays.
   *
   * @throws Invalid when the token or the name is not acceptable, or another token is the same
   */
  public void putToken(Account user, String name, String token) {
    checkName(name);
    if (token.length() < 32
        || token.length() > 255
        || !token.chars().allMatch(c -> c > 32 && c < 127)) {
      throw new Invalid(
          "a token must be 32 to 255 visible ASCII characters (for example: openssl rand -hex 32)");
    }
    if (store.byTokenHash(Tokens.hash(token)).isPresent()) {
      throw new Invalid("that token is already in use");
    }
    store.replaceToken(user.id(), name, Tokens.hash(token), Tokens.lastEight(token));
  }

  private static void checkName(String name) {
    if (name.isBlank() || name.length() > 255) {
      throw new Invalid("token name must be 1 to 255 characters");
    }
  }

  /** Revokes one of {@code user}'s tokens by id or name; false when there is none. */
  public boolean deleteToken(Account user, String idOrName) {
    return store.deleteToken(user.id(), idOrName);
  }

  /** Whether {@code token} is one of {@code user}'s tokens. */
  public boolean isToken(Account user, String token) {
    return store.byTokenHash(Tokens.hash(token)).map(a -> a.id() == user.id()).orElse(false);
  }

  public Optional<Account> byLogin(String login) {
    return store.byLogin(login);
  }
}
