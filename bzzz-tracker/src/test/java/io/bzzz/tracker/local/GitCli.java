package io.bzzz.tracker.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code git} command. A token travels in an {@code http.extraHeader} given through
 * {@code GIT_CONFIG_*} environment variables, so it appears in no command line and no output.
 */
final class GitCli {
  private final Path home;
  private final Optional<String> authorization;

  private GitCli(Path home, Optional<String> authorization) {
    this.home = home;
    this.authorization = authorization;
  }

  static GitCli anonymous(Path home) {
    return new GitCli(home, Optional.empty());
  }

  /** Basic auth with the token as password, as a git credential helper would send it. */
  static GitCli withToken(Path home, String token) {
    String basic =
        Base64.getEncoder().encodeToString(("agent:" + token).getBytes(StandardCharsets.UTF_8));
    return new GitCli(home, Optional.of("Basic " + basic));
  }

  /** Gitea's own header form, {@code Authorization: token T}. */
  static GitCli withTokenHeader(Path home, String token) {
    return new GitCli(home, Optional.of("token " + token));
  }

  record Result(int exit, String output) {}

  Result run(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("HOME", home.toString());
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_AUTHOR_NAME", "agent");
    env.put("GIT_AUTHOR_EMAIL", "agent@localhost");
    env.put("GIT_COMMITTER_NAME", "agent");
    env.put("GIT_COMMITTER_EMAIL", "agent@localhost");
    if (authorization.isPresent()) {
      env.put("GIT_CONFIG_COUNT", "1");
      env.put("GIT_CONFIG_KEY_0", "http.extraHeader");
      env.put("GIT_CONFIG_VALUE_0", "Authorization: " + authorization.get());
    }
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("git " + String.join(" ", args) + " timed out");
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
