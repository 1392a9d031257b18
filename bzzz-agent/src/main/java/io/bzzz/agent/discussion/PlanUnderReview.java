package io.bzzz.agent.discussion;

import io.bzzz.agent.coordination.TaskRef;
import java.util.Optional;

/**
 * What a member judges: the task, the round, the plan's text, and the issue's body when the
 * member's tracker could read it.
 */
public record PlanUnderReview(TaskRef task, int round, String plan, Optional<String> issueBody) {}
