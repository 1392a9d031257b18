package io.bzzz.agent.coordination;

/**
 * The three pub/sub topics an agent joins (DESIGN §3).
 *
 * @param coordination capability, availability, task and help messages
 * @param metaDiscussion plans, objections and decisions about tasks
 * @param contextFeedback feedback on results
 */
public record Topics(String coordination, String metaDiscussion, String contextFeedback) {

  /** {@code --topics bzzz|chorus}. */
  public enum Profile {
    BZZZ,
    CHORUS;

    public Topics topics() {
      return switch (this) {
        case BZZZ ->
            new Topics(
                "bzzz/coordination/v1", "antennae/meta-discussion/v1", "bzzz/context-feedback/v1");
        case CHORUS ->
            new Topics(
                "CHORUS/coordination/v1", "hmmm/meta-discussion/v1", "CHORUS/context-feedback/v1");
      };
    }
  }

  /** The topic a message of this type is published on. */
  public String topicFor(MessageType type) {
    return switch (type) {
      case META_DISCUSSION -> metaDiscussion;
      case CONTEXT_FEEDBACK -> contextFeedback;
      default -> coordination;
    };
  }
}
