package io.bzzz.cli.tracker;

import io.bzzz.cli.common.CliFailure;
import io.bzzz.cli.common.DataDirOption;
import io.bzzz.cli.common.SecretFileWarning;
import io.bzzz.p2p.files.IoReason;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.client.TrackerKind;
import io.bzzz.tracker.http.Token;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options every {@code bzzz task} command shares: which tracker, which token, which repo. */
public final class TrackerClientOptions {
  /** Read when {@code --token-file} is absent, so that the token need not be on disk. */
  static final String TOKEN_ENV = "BZZZ_TOKEN";

  @Mixin DataDirOption dataDir;

  @Option(
      names = "--tracker",
      paramLabel = "URL",
      required = true,
      description =
          "Tracker URL: the local tracker or Gitea (http://host:3000), or a GitHub API root.")
  URI url;

  @Option(
      names = "--token-file",
      paramLabel = "F",
      description = "File holding the API token (default: $" + TOKEN_ENV + ").")
  Path tokenFile;

  @Option(names = "--repo", paramLabel = "OWNER/NAME", required = true, description = "Repository.")
  String repo;

  @Option(
      names = "--api",
      paramLabel = "gitea|github",
      defaultValue = "gitea",
      description =
          "API the tracker speaks (default: ${DEFAULT-VALUE}; the local tracker is gitea).")
  String api;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  Tracker open() {
    RepoRef ref;
    try {
      ref = RepoRef.parse(repo);
    } catch (IllegalArgumentException e) {
      throw new CliFailure(e.getMessage(), 2);
    }
    TrackerKind kind;
    try {
      kind = TrackerKind.parse(api);
    } catch (IllegalArgumentException e) {
      throw new CliFailure(e.getMessage(), 2);
    }
    return kind.open(url, ref, token());
  }

  private Optional<Token> token() {
    try {
      if (tokenFile != null) {
        SecretFileWarning.check(
            tokenFile, "token file", command.qualifiedName(), command.commandLine().getErr());
        return Optional.of(Token.fromFile(tokenFile));
      }
      String env = System.getenv(TOKEN_ENV);
      return env == null || env.isBlank() ? Optional.empty() : Optional.of(Token.of(env));
    } catch (IllegalArgumentException e) {
      if (e.getCause() instanceof IOException cause) {
        throw new CliFailure("cannot read token file " + tokenFile + ": " + IoReason.of(cause), 2);
      }
      throw new CliFailure(e.getMessage(), 2);
    }
  }
}
