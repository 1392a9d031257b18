package io.bzzz.agent.monitor;

import io.bzzz.agent.coordination.Topics;
import java.util.ArrayList;
import java.util.List;

/**
 * The topics a monitor subscribes to: every topic of the chosen profile(s), the councils topic
 * included ({@code --topics bzzz|chorus|all}).
 */
public final class MonitorTopics {
  /** Councils' formation and status messages, per profile (docs/discussion.md, "bzzz monitor"). */
  public static final String BZZZ_COUNCILS = "bzzz/councils/v1";

  public static final String CHORUS_COUNCILS = "CHORUS/councils/v1";

  private MonitorTopics() {}

  /** {@code bzzz}, {@code chorus} or {@code all}; anything else is an error naming the choices. */
  public static List<String> of(String choice) {
    return switch (choice) {
      case "bzzz" -> of(Topics.Profile.BZZZ);
      case "chorus" -> of(Topics.Profile.CHORUS);
      case "all" -> {
        List<String> all = new ArrayList<>(of(Topics.Profile.BZZZ));
        all.addAll(of(Topics.Profile.CHORUS));
        yield List.copyOf(all);
      }
      default ->
          throw new IllegalArgumentException(
              "--topics: expected bzzz, chorus or all, got '" + choice + "'");
    };
  }

  private static List<String> of(Topics.Profile profile) {
    Topics t = profile.topics();
    return List.of(
        t.coordination(),
        t.metaDiscussion(),
        t.contextFeedback(),
        profile == Topics.Profile.BZZZ ? BZZZ_COUNCILS : CHORUS_COUNCILS);
  }
}
