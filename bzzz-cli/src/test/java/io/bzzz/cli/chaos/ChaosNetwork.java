package io.bzzz.cli.chaos;

import io.bzzz.testing.NetnsLan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The network faults of a chaos run on a {@link NetnsLan}: a host's link down and up, and delay
 * plus loss on a host's link. Delay and loss use {@code tc netem}; a kernel built without {@code
 * sch_netem} (some VMs) gets the loss from nftables and no delay, and {@link #degrade} says so, so
 * that the report never claims a fault that was not injected.
 */
final class ChaosNetwork {
  static final int DELAY_MS = 200;
  static final int LOSS_PERCENT = 5;
  private static final String TABLE = "bzzzchaos";

  private final NetnsLan lan;

  ChaosNetwork(NetnsLan lan) {
    this.lan = lan;
  }

  void cut(int host) {
    run(lan.inNamespace(host, List.of("ip", "link", "set", "eth0", "down")));
  }

  void heal(int host) {
    run(lan.inNamespace(host, List.of("ip", "link", "set", "eth0", "up")));
  }

  /** Adds delay and loss to the host's link (both directions seen from the host); returns how. */
  String degrade(int host) {
    String netem = "netem delay " + DELAY_MS + "ms loss " + LOSS_PERCENT + "%";
    String error =
        tryRun(
            lan.inNamespace(
                host,
                List.of(
                    "tc",
                    "qdisc",
                    "add",
                    "dev",
                    "eth0",
                    "root",
                    "netem",
                    "delay",
                    DELAY_MS + "ms",
                    "loss",
                    LOSS_PERCENT + "%")));
    if (error == null) {
      return "tc " + netem;
    }
    // no netem in this kernel: the loss from nftables, on both directions of the link
    nft(host, "add table inet " + TABLE);
    for (String hook : List.of("input", "output")) {
      nft(
          host,
          "add chain inet "
              + TABLE
              + " "
              + hook
              + " { type filter hook "
              + hook
              + " priority 0; }");
      String dev = hook.equals("input") ? "iifname" : "oifname";
      nft(
          host,
          "add rule inet "
              + TABLE
              + " "
              + hook
              + " "
              + dev
              + " eth0 numgen random mod 100 < "
              + LOSS_PERCENT
              + " drop");
    }
    return "nftables loss " + LOSS_PERCENT + "%, NO delay (tc netem failed: " + error + ")";
  }

  void restore(int host) {
    if (tryRun(lan.inNamespace(host, List.of("tc", "qdisc", "del", "dev", "eth0", "root")))
        != null) {
      tryRun(lan.inNamespace(host, List.of("nft", "delete", "table", "inet", TABLE)));
    }
  }

  private void nft(int host, String rule) {
    run(lan.inNamespace(host, List.of("nft", rule)));
  }

  private static void run(List<String> command) {
    String error = tryRun(command);
    if (error != null) {
      throw new IllegalStateException(String.join(" ", command) + ": " + error);
    }
  }

  /** Runs {@code command}; null when it succeeded, else its output. */
  private static String tryRun(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "timed out";
      }
      return p.exitValue() == 0 ? null : out.isEmpty() ? "exit " + p.exitValue() : out;
    } catch (IOException e) {
      return e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
