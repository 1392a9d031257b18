package io.bzzz.tracker.local.auth;

import io.bzzz.tracker.local.store.Account;
import io.bzzz.tracker.local.store.AccountStore;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Optional;

/**
 * Resolves an {@code Authorization} header to a user: empty for an anonymous request, {@link
 * BadCredentials} for credentials that identify nobody (a wrong token is never treated as
 * anonymous), {@link LoginThrottled} while password logins for the user or from the address are
 * locked out after too many failures.
 */
public final class Authenticator {
  private final AccountStore accounts;
  private final LoginThrottle perUser;
  private final LoginThrottle perAddress;

  public Authenticator(AccountStore accounts, LoginLimits limits, InstantSource clock) {
    this.accounts = accounts;
    this.perUser =
        new LoginThrottle(clock, limits.failuresPerUser(), limits.window(), limits.lockout());
    this.perAddress =
        new LoginThrottle(clock, limits.failuresPerAddress(), limits.window(), limits.lockout());
  }

  /**
   * @param remoteAddress the client's address, the key of the per-address login limit
   */
  public Optional<Account> authenticate(
      Optional<String> authorizationHeader, String remoteAddress) {
    Optional<Credentials> credentials = Credentials.parse(authorizationHeader);
    if (credentials.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        switch (credentials.get()) {
          case Credentials.Token t -> byToken(t.token());
          case Credentials.Basic b -> byBasic(b, remoteAddress);
        });
  }

  /**
   * Basic auth accepts one of the user's tokens as the password, or the user's password. Limits are
   * checked before the (deliberately slow) password hash, so a locked-out guesser costs nothing,
   * and a correct password during a lock-out is refused too (else the lock-out would tell a guesser
   * which guess was right).
   */
  private Account byBasic(Credentials.Basic basic, String remoteAddress) {
    Optional<Account> byToken = accounts.byTokenHash(Tokens.hash(basic.secret()));
    if (byToken.isPresent()) {
      // Git clients send any user name with a token; Gitea accepts the token alone.
      return byToken.get();
    }
    perAddress.check(remoteAddress);
    Optional<Account> user = accounts.byLogin(basic.user());
    if (user.isEmpty()) {
      Passwords.matches(basic.secret(), Passwords.UNUSABLE); // as slow as a wrong password
      perAddress.failed(remoteAddress);
      throw new BadCredentials("user or password is invalid");
    }
    String userKey = user.get().login().toLowerCase(Locale.ROOT);
    perUser.check(userKey);
    boolean ok =
        accounts
            .passwordHash(user.get().id())
            .map(h -> Passwords.matches(basic.secret(), h))
            .orElseGet(() -> Passwords.matches(basic.secret(), Passwords.UNUSABLE));
    if (!ok) {
      perUser.failed(userKey);
      perAddress.failed(remoteAddress);
      throw new BadCredentials("user or password is invalid");
    }
    perUser.succeeded(userKey);
    return user.get();
  }

  private Account byToken(String token) {
    return accounts
        .byTokenHash(Tokens.hash(token))
        .orElseThrow(() -> new BadCredentials("invalid token"));
  }
}
