package io.bzzz.agent.discussion;

import io.bzzz.agent.coordination.Payload;
import java.io.IOException;

/** How a discussion speaks: publishes on the meta-discussion topic. */
@FunctionalInterface
public interface DiscussionPort {
  void publish(Payload.MetaDiscussion message) throws IOException;
}
