package io.bzzz.agent.config;

import java.util.Optional;

/**
 * A secret that may change while the agent runs: a variable (fixed), a file that is rotated, or a
 * credential helper whose answer expires. Callers ask for the value at each use, never keep it.
 */
public interface Credential {

  /**
   * The value to use now.
   *
   * @throws CredentialUnavailableException when there is none (a helper that fails and no earlier
   *     answer that is still fresh); the message names the source, never a secret
   */
  Secret current();

  /**
   * Called after a server refused {@code rejected} (HTTP 401): looks again now and returns a
   * different value to retry once with, or empty when there is none.
   */
  Optional<Secret> renewAfterRejection(Secret rejected);

  /** Where it comes from, for messages: a variable name, a file, a helper command. */
  String origin();

  /** A value that never changes: one given in an environment variable. */
  static Credential fixed(Secret secret) {
    return new Fixed(secret);
  }

  /** A fixed value; a 401 cannot be fixed by looking again. */
  record Fixed(Secret secret) implements Credential {
    @Override
    public Secret current() {
      return secret;
    }

    @Override
    public Optional<Secret> renewAfterRejection(Secret rejected) {
      return Optional.empty();
    }

    @Override
    public String origin() {
      return secret.origin();
    }
  }
}
