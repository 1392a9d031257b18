package io.bzzz.agent.runtime;

import io.bzzz.agent.config.AgentConfig;
import io.bzzz.agent.config.AgentConfigLoader;
import io.bzzz.tracker.local.LocalTracker;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The flags of one in-process test agent "a1" against a local tracker: the admin's token, one
 * repository, loopback only, no mDNS, 1 s intervals, no log replication, running alone. Tests add
 * or replace flags (executor, slots) before {@link #load}.
 */
public final class LocalAgentFlags {
  private final Map<String, List<String>> flags = new LinkedHashMap<>();

  public LocalAgentFlags(Path dataDir, String trackerUrl, Path tokenFile, String repository) {
    put("name", "a1");
    put("data-dir", dataDir.toString());
    put("tracker", "gitea");
    put("tracker-url", trackerUrl);
    put("token-file", tokenFile.toString());
    put("repo", repository);
    put("trusted-author", LocalTracker.ADMIN);
    put("listen", "/ip4/127.0.0.1/tcp/0");
    put("no-mdns", "true");
    put("poll-interval", "1s");
    put("availability-interval", "1s");
    put("replicate-logs", "false");
    put("run-alone", "true");
  }

  /**
   * An agent in {@code tmp/<dir>} that works on {@code admin/<repo>} with the admin's token, which
   * a local tracker started in {@code tmp/tracker} wrote.
   */
  public static LocalAgentFlags asAdmin(Path tmp, String trackerUrl, String repo, String dir) {
    return new LocalAgentFlags(
        tmp.resolve(dir),
        trackerUrl,
        tmp.resolve("tracker").resolve(LocalTracker.ADMIN_TOKEN_FILE),
        LocalTracker.ADMIN + "/" + repo);
  }

  public LocalAgentFlags put(String flag, String value) {
    flags.put(flag, List.of(value));
    return this;
  }

  public AgentConfig load() throws Exception {
    return AgentConfigLoader.load(Optional.empty(), Map.of(), flags);
  }
}
