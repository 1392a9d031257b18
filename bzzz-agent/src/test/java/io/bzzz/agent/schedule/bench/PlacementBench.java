package io.bzzz.agent.schedule.bench;

import io.bzzz.agent.schedule.sim.AuctionSim;
import io.bzzz.agent.schedule.sim.AuctionSim.Agent;
import io.bzzz.agent.schedule.sim.AuctionSim.Mode;
import io.bzzz.agent.schedule.sim.AuctionSim.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Placement quality: a heterogeneous mesh (agents with different capabilities, slots and speeds)
 * and a mixed stream of tasks, placed by today's first-come rota and by the auction, same seeds.
 * Prints makespan, the share of tasks placed on their best-scoring agent and the variance of the
 * agents' utilisation, and the ratios. Usage: {@code PlacementBench [agents] [tasks] [seeds]}.
 */
public final class PlacementBench {
  private static final String[] CAPS = {"gpu", "python3", "rust", "docker"};

  private PlacementBench() {}

  public static void main(String[] args) {
    int agents = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int seeds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    double[][] sums = new double[2][3];
    System.out.printf(
        Locale.ROOT,
        "placement: %d agents, %d tasks, %d seeds, poll 5 s, window 400 ms%n",
        agents,
        tasks,
        seeds);
    System.out.println("| seed | mode | makespan (s) | on best agent | utilisation variance |");
    System.out.println("|---|---|---:|---:|---:|");
    for (int seed = 1; seed <= seeds; seed++) {
      for (Mode mode : Mode.values()) {
        AuctionSim.Config config = AuctionSim.Config.defaults(mode);
        AuctionSim.Result r =
            new AuctionSim(
                    new AuctionSim.Config(
                        mode,
                        config.pollMillis(),
                        config.netDelayMillis(),
                        config.netJitterMillis(),
                        config.trackerMillis(),
                        config.window(),
                        config.claimTimeout(),
                        config.minMatch(),
                        config.weights(),
                        seed),
                    mesh(agents, seed),
                    tasks(tasks, seed))
                .run(24 * 3600 * 1000L);
        int m = mode == Mode.ROTA ? 0 : 1;
        sums[m][0] += r.makespanMillis() / 1000.0;
        sums[m][1] += r.bestShare();
        sums[m][2] += r.utilisationVariance();
        System.out.printf(
            Locale.ROOT,
            "| %d | %s | %.0f | %.0f %% | %.4f |%n",
            seed,
            mode.name().toLowerCase(Locale.ROOT),
            r.makespanMillis() / 1000.0,
            r.bestShare() * 100,
            r.utilisationVariance());
        if (r.tasksDone() != tasks || r.duplicateExecutions() != 0) {
          throw new IllegalStateException("lost or doubled tasks: " + r);
        }
      }
    }
    double[] rota = sums[0];
    double[] auction = sums[1];
    System.out.println();
    System.out.println("| mean over seeds | rota | auction | auction / rota |");
    System.out.println("|---|---:|---:|---:|");
    row("makespan (s)", rota[0] / seeds, auction[0] / seeds, "%.0f");
    row(
        "tasks on their best-scoring agent",
        rota[1] / seeds * 100,
        auction[1] / seeds * 100,
        "%.0f %%");
    row("utilisation variance", rota[2] / seeds, auction[2] / seeds, "%.4f");
  }

  private static void row(String name, double rota, double auction, String fmt) {
    System.out.printf(
        Locale.ROOT,
        "| %s | " + fmt + " | " + fmt + " | %.2f |%n",
        name,
        rota,
        auction,
        rota == 0 ? Double.NaN : auction / rota);
  }

  /** Agents with 0-3 of four capabilities, 1-4 slots and a speed of 0.5-2 work units a second. */
  static List<Agent> mesh(int n, long seed) {
    Random r = new Random(seed * 31 + 7);
    List<Agent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> caps = new ArrayList<>();
      for (String c : CAPS) {
        if (r.nextDouble() < 0.4) {
          caps.add(c);
        }
      }
      if (i == 0) {
        caps = List.of(CAPS); // somebody can do everything
      }
      out.add(
          new Agent(
              String.format(Locale.ROOT, "agent-%02d", i),
              caps,
              1 + r.nextInt(4),
              0.5 + 1.5 * r.nextDouble()));
    }
    return out;
  }

  /**
   * A mixed stream: a third plain, the rest with a required or preferred capability (a missing
   * preference makes a task take 1.5 times as long), work of 20-200 units, one every 0.5 s on
   * average.
   */
  static List<Task> tasks(int n, long seed) {
    Random r = new Random(seed * 17 + 3);
    List<Task> out = new ArrayList<>();
    long at = 0;
    for (int i = 1; i <= n; i++) {
      at += (long) (-Math.log(1 - r.nextDouble()) * 500);
      String a = CAPS[r.nextInt(CAPS.length)];
      String b = CAPS[r.nextInt(CAPS.length)];
      List<String> labels =
          switch (r.nextInt(6)) {
            case 0, 1 -> List.of();
            case 2 -> List.of("needs:" + a);
            case 3 -> List.of("prefers:" + a);
            case 4 -> b.equals(a) ? List.of("needs:" + a) : List.of("needs:" + a, "prefers:" + b);
            default -> List.of("prefers:" + a, "prefers:" + b);
          };
      out.add(new Task(i, labels, 20 + r.nextDouble() * 180, at));
    }
    return out;
  }
}
