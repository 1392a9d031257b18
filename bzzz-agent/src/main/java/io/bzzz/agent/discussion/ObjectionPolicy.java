package io.bzzz.agent.discussion;

import java.util.Optional;

/** Whether this agent objects to a plan, and why; deterministic, so tests can rely on it. */
@FunctionalInterface
public interface ObjectionPolicy {

  /** The reason to object, or empty to approve. */
  Optional<String> objection(PlanUnderReview plan);

  /** Never objects. */
  ObjectionPolicy NONE = plan -> Optional.empty();
}
