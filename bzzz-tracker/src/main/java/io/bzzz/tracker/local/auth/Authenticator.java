package io.bzzz.tracker.local.auth;

import io.bzzz.tracker.local.store.Account;
import io.bzzz.tracker.local.store.AccountStore;
import java.util.Optional;

/**
 * Resolves an {@code Authorization} header to a user: empty for an anonymous request, {@link
 * BadCredentials} for credentials that identify nobody (a wrong token is never treated as
 * anonymous).
 */
public final class Authenticator {
  private final AccountStore accounts;

  public Authenticator(AccountStore accounts) {
    this.accounts = accounts;
  }

  public Optional<Account> authenticate(Optional<String> authorizationHeader) {
    Optional<Credentials> credentials = Credentials.parse(authorizationHeader);
    if (credentials.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        switch (credentials.get()) {
          case Credentials.Token t -> byToken(t.token());
          case Credentials.Basic b -> byBasic(b);
        });
  }

  /** Basic auth accepts the user's password or one of the user's tokens as the password. */
  public Account byBasic(Credentials.Basic basic) {
    Optional<Account> byToken = accounts.byTokenHash(Tokens.hash(basic.secret()));
    if (byToken.isPresent()) {
      // Git clients send any user name with a token; Gitea accepts the token alone.
      return byToken.get();
    }
    Account user =
        accounts
            .byLogin(basic.user())
            .orElseThrow(() -> new BadCredentials("user or password is invalid"));
    boolean ok =
        accounts
            .passwordHash(user.id())
            .map(h -> Passwords.matches(basic.secret(), h))
            .orElse(false);
    if (!ok) {
      throw new BadCredentials("user or password is invalid");
    }
    return user;
  }

  private Account byToken(String token) {
    return accounts
        .byTokenHash(Tokens.hash(token))
        .orElseThrow(() -> new BadCredentials("invalid token"));
  }
}
