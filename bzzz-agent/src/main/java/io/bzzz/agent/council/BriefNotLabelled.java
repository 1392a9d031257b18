package io.bzzz.agent.council;

/**
 * The tracker filed the brief but dropped its label, as trackers do for accounts that may not label
 * issues: it is an ordinary issue of the caller's, and no council forms from it.
 */
public final class BriefNotLabelled extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int issue;

  public BriefNotLabelled(String repository, int issue, String label) {
    super(
        "the tracker filed #"
            + issue
            + " in "
            + repository
            + " without the "
            + label
            + " label (this account may not label issues there), so no council forms from it");
    this.issue = issue;
  }

  public int issue() {
    return issue;
  }
}
