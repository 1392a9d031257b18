package io.bzzz.agent.schedule.bench;

import io.bzzz.agent.schedule.sim.AuctionSim;
import io.bzzz.agent.schedule.sim.AuctionSim.Agent;
import io.bzzz.agent.schedule.sim.AuctionSim.Mode;
import io.bzzz.agent.schedule.sim.AuctionSim.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scale: the rota and the auction with N identical agents (2 slots each) and a burst of tasks, on
 * the simulation's virtual clock (gossip delivery 10-30 ms, tracker claim 30 ms, poll 2 s).
 * Messages per task counts publications (one per bid or {@code task_claimed}) and deliveries (one
 * per receiving agent); time to a decision runs from the poll that finds a task to its won claim;
 * duplicate claims are claims the tracker refused. Usage: {@code ScaleBench N [tasks]}.
 */
public final class ScaleBench {
  private ScaleBench() {}

  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    System.out.println(
        "| agents | mode | tasks | published / task | delivered / task | decision mean / p95 (ms) |"
            + " refused claims | wall (ms) |");
    System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|");
    for (Mode mode : Mode.values()) {
      List<Agent> agents = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        agents.add(new Agent(String.format(Locale.ROOT, "agent-%04d", i), List.of(), 2, 1));
      }
      List<Task> burst = new ArrayList<>();
      for (int i = 1; i <= tasks; i++) {
        burst.add(new Task(i, List.of(), 60, 0));
      }
      long t0 = System.nanoTime();
      AuctionSim.Result r =
          new AuctionSim(AuctionSim.Config.defaults(mode).withPoll(2_000), agents, burst)
              .run(3600 * 1000L);
      long wall = (System.nanoTime() - t0) / 1_000_000;
      if (r.tasksDone() != tasks || r.duplicateExecutions() != 0) {
        throw new IllegalStateException("lost or doubled tasks: " + r);
      }
      System.out.printf(
          Locale.ROOT,
          "| %d | %s | %d | %.1f | %.0f | %.0f / %.0f | %d | %d |%n",
          n,
          mode.name().toLowerCase(Locale.ROOT),
          tasks,
          r.published() / (double) tasks,
          r.delivered() / (double) tasks,
          r.meanDecisionMillis(),
          r.p95DecisionMillis(),
          r.claimLosses(),
          wall);
    }
  }
}
