package io.bzzz.agent.workspace;

import io.bzzz.agent.config.Credential;
import io.bzzz.agent.config.CredentialUnavailableException;
import io.bzzz.agent.config.Secret;
import java.util.function.Supplier;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * HTTP credentials for clone and push: the tracker token as the password. GitHub wants the user
 * {@code x-access-token}; Gitea (and the local tracker) accept any user name with a token. The
 * token is asked for at each connection, so a rotated file or a new helper answer is used without a
 * restart.
 */
public record GitCredentials(Supplier<String> username, Credential token) {

  public static GitCredentials github(Credential token) {
    return new GitCredentials(() -> "x-access-token", token);
  }

  public static GitCredentials gitea(String username, Credential token) {
    return new GitCredentials(() -> username, token);
  }

  /**
   * A Gitea token's owner, looked up at the first clone (not at start: the tracker may be away).
   */
  public static GitCredentials gitea(Supplier<String> username, Credential token) {
    return new GitCredentials(username, token);
  }

  CredentialsProvider provider() {
    return new Current(username, token);
  }

  /**
   * Gives JGit the current token; when the server refuses it, JGit calls {@link #reset} and asks
   * again, and the credential is then looked at anew (the file re-read, the helper re-run).
   */
  private static final class Current extends CredentialsProvider {
    private final Supplier<String> username;
    private final Credential token;
    private volatile Secret lastGiven;

    Current(Supplier<String> username, Credential token) {
      this.username = username;
      this.token = token;
    }

    @Override
    public boolean isInteractive() {
      return false;
    }

    @Override
    public boolean supports(CredentialItem... items) {
      for (CredentialItem i : items) {
        if (!(i instanceof CredentialItem.Username) && !(i instanceof CredentialItem.Password)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
      Secret secret;
      try {
        secret = token.current();
      } catch (CredentialUnavailableException e) {
        return false; // the credential logged why; git reports "not authorized"
      }
      lastGiven = secret;
      for (CredentialItem i : items) {
        switch (i) {
          case CredentialItem.Username u -> u.setValue(username.get());
          case CredentialItem.Password p -> p.setValue(secret.reveal().toCharArray());
          default -> throw new UnsupportedCredentialItem(uri, i.getClass().getName());
        }
      }
      return true;
    }

    @Override
    public void reset(URIish uri) {
      Secret refused = lastGiven;
      if (refused != null) {
        token.renewAfterRejection(refused);
      }
    }
  }
}
