package io.bzzz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.testing.ChildProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BzzzHelpTest {
  @Test
  void helpListsEveryCommandOfTheContract() {
    try (ChildProcess bzzz = BzzzCli.start("--help")) {
      assertThat(bzzz.awaitExit(Duration.ofSeconds(60))).isZero();
      String out = String.join("\n", bzzz.stdoutLines());
      for (String command :
          new String[] {
            "id", "node", "ping", "pubsub", "log", "tracker", "task", "agent", "demo"
          }) {
        assertThat(out).containsPattern("(?m)^\\s+" + command + "\\s");
      }
    }
  }

  @Test
  void unknownCommandFailsWithUsageError() {
    try (ChildProcess bzzz = BzzzCli.start("no-such-command")) {
      assertThat(bzzz.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(String.join("\n", bzzz.stderrLines())).contains("no-such-command");
    }
  }
}
