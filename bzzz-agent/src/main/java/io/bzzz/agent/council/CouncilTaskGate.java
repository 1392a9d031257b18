package io.bzzz.agent.council;

import io.bzzz.tracker.Task;
import java.util.Optional;

/**
 * The hook before a claimed task runs: a council subtask taken by a member of its council goes
 * through the {@link PlanGate} with the council's membership; anything else is approved.
 */
public final class CouncilTaskGate {
  private final CouncilDirectory directory;
  private final PlanGate gate;

  public CouncilTaskGate(CouncilDirectory directory, PlanGate gate) {
    this.directory = directory;
    this.gate = gate;
  }

  /** Approves everything: for agents without councils. */
  public static CouncilTaskGate none() {
    return new CouncilTaskGate(
        new CouncilDirectory() {
          @Override
          public java.util.List<CouncilView> councils() {
            return java.util.List.of();
          }

          @Override
          public Optional<CouncilView> council(String repository, int id) {
            return Optional.empty();
          }

          @Override
          public boolean isMember(String repository, int id) {
            return false;
          }
        },
        PlanGate.approveAll());
  }

  /**
   * Whether this gate discusses the task's plan itself (a council subtask of a council this agent
   * is a member of, under a {@link DiscussedPlanGate} that discusses it): the general plan
   * discussion among all live peers then leaves it alone, so a plan is discussed once.
   */
  public boolean discusses(Task task) {
    Optional<Integer> council = CouncilRouting.councilOf(task);
    return gate instanceof DiscussedPlanGate d
        && d.discusses(task)
        && council.isPresent()
        && directory.isMember(task.repo().toString(), council.get());
  }

  public PlanGate.Verdict check(Task task) {
    Optional<Integer> council = CouncilRouting.councilOf(task);
    String repository = task.repo().toString();
    if (council.isEmpty() || !directory.isMember(repository, council.get())) {
      return new PlanGate.Approved();
    }
    Optional<CouncilView> view = directory.council(repository, council.get());
    return view.isPresent() ? gate.approve(task, view.get()) : new PlanGate.Approved();
  }
}
