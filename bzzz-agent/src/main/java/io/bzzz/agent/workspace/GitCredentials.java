package io.bzzz.agent.workspace;

import io.bzzz.agent.config.Secret;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * HTTP credentials for clone and push: the tracker token as the password. GitHub wants the user
 * {@code x-access-token}; Gitea (and the local tracker) accept any user name with a token.
 */
public record GitCredentials(String username, Secret token) {

  public static GitCredentials github(Secret token) {
    return new GitCredentials("x-access-token", token);
  }

  public static GitCredentials gitea(String username, Secret token) {
    return new GitCredentials(username, token);
  }

  CredentialsProvider provider() {
    return new UsernamePasswordCredentialsProvider(username, token.reveal());
  }
}
