package io.bzzz.agent.runtime;

import io.bzzz.agent.config.Credential;
import io.bzzz.agent.config.CredentialUnavailableException;
import io.bzzz.agent.config.Secret;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.http.TokenSource;
import java.util.Optional;

/**
 * The agent's tracker credential as the tracker client asks for it: the current token at each
 * request, a renewed one after a 401. A credential that cannot be had is an authorization failure
 * of that one call, which the agent's loops already report and retry later.
 */
final class CredentialTokens implements TokenSource {
  private final Credential credential;

  CredentialTokens(Credential credential) {
    this.credential = credential;
  }

  @Override
  public Token current() {
    try {
      return token(credential.current());
    } catch (CredentialUnavailableException e) {
      throw new TrackerException.Unauthorized("no tracker token: " + e.getMessage());
    }
  }

  @Override
  public Optional<Token> renewAfterRejection(Token rejected) {
    return credential
        .renewAfterRejection(new Secret(rejected.reveal(), credential.origin()))
        .map(this::token);
  }

  private Token token(Secret secret) {
    try {
      return Token.of(secret.reveal());
    } catch (IllegalArgumentException e) {
      // Token's own message never holds the value
      throw new TrackerException.Unauthorized(
          "the token from " + credential.origin() + " is unusable: " + e.getMessage());
    }
  }
}
