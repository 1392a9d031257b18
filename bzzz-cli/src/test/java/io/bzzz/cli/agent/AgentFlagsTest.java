package io.bzzz.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What the agent command hands to the config loader for boolean flags, negatable ones too. */
class AgentFlagsTest {
  private static Map<String, List<String>> flags(String... args) {
    AgentCommand agent = new AgentCommand();
    new CommandLine(agent).parseArgs(args);
    return agent.flags();
  }

  @Test
  void aNegatedFlagPassesFalseAndTheFlagItselfTrue() {
    assertThat(flags("--no-discuss-plans")).containsEntry("discuss-plans", List.of("false"));
    assertThat(flags("--discuss-plans")).containsEntry("discuss-plans", List.of("true"));
    assertThat(flags()).doesNotContainKey("discuss-plans"); // not given: the council default
  }

  @Test
  void aPlainBooleanFlagPassesTrue() {
    assertThat(flags("--no-mdns")).containsEntry("no-mdns", List.of("true"));
  }
}
