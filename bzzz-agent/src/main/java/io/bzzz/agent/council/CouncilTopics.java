package io.bzzz.agent.council;

import io.bzzz.agent.coordination.Topics;

/** The council topic of each topic profile (docs/councils.md, contract). */
public final class CouncilTopics {
  public static final String BZZZ = "bzzz/councils/v1";
  public static final String CHORUS = "CHORUS/councils/v1";

  private CouncilTopics() {}

  public static String of(Topics.Profile profile) {
    return switch (profile) {
      case BZZZ -> BZZZ;
      case CHORUS -> CHORUS;
    };
  }
}
