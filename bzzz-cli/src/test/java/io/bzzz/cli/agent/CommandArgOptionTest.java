package io.bzzz.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --command-arg} keeps each value whole: spaces, shell syntax, a leading dash. */
class CommandArgOptionTest {
  @Test
  void eachCommandArgIsOneVerbatimValueInOrder() {
    AgentCommand agent = new AgentCommand();
    new CommandLine(agent)
        .parseArgs(
            "--command",
            "/usr/bin/tool",
            "--command-arg",
            "two words",
            "--command-arg",
            "$(touch pwned); *",
            "--command-arg=--verbose",
            "--command-arg",
            "a,b");

    assertThat(agent.command).isEqualTo("/usr/bin/tool");
    assertThat(agent.commandArgs)
        .containsExactly("two words", "$(touch pwned); *", "--verbose", "a,b");
  }
}
