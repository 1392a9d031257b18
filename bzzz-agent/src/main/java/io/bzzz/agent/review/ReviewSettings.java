package io.bzzz.agent.review;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The review loop's options.
 *
 * @param handle the mention that asks the agents for a change in a conversation comment ({@code
 *     @bzzz}; {@code --review-handle})
 * @param maxRounds rounds answered per pull request before a human is asked ({@code
 *     --review-max-rounds})
 * @param grace how long agents other than the pull request's last author wait before they take a
 *     round ({@code --review-grace})
 * @param pollInterval how often open pull requests are checked
 * @param agentLogins tracker users the agents post as: their comments never trigger work
 * @param trustedAuthors who may have a {@code bzzz-script} block run (script executor)
 * @param requireTrusted whether a trigger needs a trusted author too (the script executor)
 */
public record ReviewSettings(
    String handle,
    int maxRounds,
    Duration grace,
    Duration pollInterval,
    Set<String> agentLogins,
    Set<String> trustedAuthors,
    boolean requireTrusted) {

  public static final String DEFAULT_HANDLE = "@bzzz";
  public static final int DEFAULT_MAX_ROUNDS = 5;

  public ReviewSettings {
    if (!handle.matches("@?[A-Za-z0-9][A-Za-z0-9_.-]{0,38}")) {
      throw new IllegalArgumentException("review handle must be a user-like name, got " + handle);
    }
    handle = handle.startsWith("@") ? handle : "@" + handle;
    if (maxRounds < 1) {
      throw new IllegalArgumentException("review rounds must be at least 1");
    }
    agentLogins = lower(agentLogins);
    trustedAuthors = lower(trustedAuthors);
  }

  private static Set<String> lower(Set<String> logins) {
    return logins.stream().map(l -> l.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
  }

  public boolean isAgent(String login) {
    return agentLogins.contains(login.toLowerCase(Locale.ROOT));
  }

  public boolean isTrusted(String login) {
    return trustedAuthors.contains(login.toLowerCase(Locale.ROOT));
  }
}
