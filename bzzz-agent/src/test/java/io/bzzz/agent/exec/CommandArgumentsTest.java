package io.bzzz.agent.exec;

import static io.bzzz.agent.exec.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.agent.config.AgentConfig;
import io.bzzz.agent.config.AgentConfigLoader;
import io.bzzz.agent.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code command: [PROGRAM, ARG...]} in bzzz.yaml and {@code --command-arg}: the program receives
 * each argument as one argv element, byte for byte, and no shell ever sees them.
 */
class CommandArgumentsTest {
  /** Spaces, quotes, globs, substitutions, separators, an empty string, a leading dash. */
  static final List<String> NASTY =
      List.of(
          "two words",
          "$(touch pwned)",
          "`touch pwned2`",
          "; touch pwned3",
          "*",
          "'single' \"double\"",
          "",
          "--flag=a,b",
          "$HOME");

  @TempDir Path tmp;
  Path workspace;
  Path program;
  final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    workspace = Files.createDirectory(tmp.resolve("ws"));
    program = tmp.resolve("argv.sh");
    // Writes each argument it got followed by a NUL, so any splitting or joining would show.
    Files.writeString(
        program,
        """
        #!/bin/sh
        for a in "$@"; do printf '%s\\0' "$a"; done > argv.bin
        echo ok
        """);
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
    env.put("HOME", tmp.toString());
  }

  @Test
  void aYamlListReachesTheProgramVerbatim() throws Exception {
    StringBuilder yaml = new StringBuilder(base()).append("command:\n  - '").append(program);
    yaml.append("'\n");
    for (String a : NASTY) {
      yaml.append("  - '").append(a.replace("'", "''")).append("'\n");
    }
    AgentConfig c = load(yaml.toString(), Map.of());

    assertThat(c.execution().command()).first().isEqualTo(program.toString());
    assertThat(received(c)).containsExactlyElementsOf(NASTY);
    assertNoShellRan();
  }

  @Test
  void repeatedCommandArgFlagsReachTheProgramVerbatim() throws Exception {
    AgentConfig c =
        load(
            base() + "command: /bin/false\ncommand_args: [ignored]\n",
            Map.of("command", List.of(program.toString()), "command-arg", NASTY));

    assertThat(received(c)).containsExactlyElementsOf(NASTY);
    assertNoShellRan();
  }

  @Test
  void aCommandFlagAloneDropsTheArgumentsOfTheFilesCommand() throws Exception {
    AgentConfig c =
        load(
            base() + "command: [/bin/echo, from-yaml]\n",
            Map.of("command", List.of(program.toString())));

    assertThat(c.execution().command()).containsExactly(program.toString());
    assertThat(received(c)).isEmpty();
  }

  @Test
  void argumentsInAVariableAreRefusedWithAClearError() {
    env.put("BZZZ_COMMAND_ARG", "a,b");
    assertThatThrownBy(() -> load(base() + "command: /bin/true\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("BZZZ_COMMAND_ARG is not read")
        .hasMessageContaining("--command-arg");
  }

  @Test
  void argumentsWithoutAProgramOrTwiceInTheFileAreRefused() {
    String scriptExecutor = "tracker_url: http://127.0.0.1:3000\nrepos: [demo/one]\n";
    assertThatThrownBy(() -> load(scriptExecutor + "command_args: [x]\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("arguments given without --command");
    assertThatThrownBy(
            () -> load(base() + "command: [/bin/true, a]\ncommand_args: [b]\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("either");
    assertThatThrownBy(() -> load(base() + "command: []\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must start with the program");
  }

  private static String base() {
    return "tracker_url: http://127.0.0.1:3000\nrepos: [demo/one]\nexecutor: command\n";
  }

  private AgentConfig load(String yaml, Map<String, List<String>> flags) throws Exception {
    Path file = tmp.resolve("bzzz.yaml");
    Files.writeString(file, yaml);
    return AgentConfigLoader.load(Optional.of(file), env, new HashMap<>(flags));
  }

  private List<String> received(AgentConfig c) throws Exception {
    CommandExecutor executor =
        new CommandExecutor(
            new ProcessRunner(),
            c.execution().command(),
            tmp.resolve("scratch"),
            ExecutionLimits.DEFAULT,
            Sandbox.host());
    ExecutionResult r = executor.execute(task("alice", "body"), workspace);
    assertThat(r.succeeded()).as(r.reason()).isTrue();
    String raw = Files.readString(workspace.resolve("argv.bin"), StandardCharsets.UTF_8);
    if (raw.isEmpty()) {
      return List.of();
    }
    // Every argument ends with a NUL; split keeps the empty argument, drops the final terminator.
    return Arrays.asList(raw.substring(0, raw.length() - 1).split("\0", -1));
  }

  private void assertNoShellRan() {
    assertThat(workspace.resolve("pwned")).doesNotExist();
    assertThat(workspace.resolve("pwned2")).doesNotExist();
    assertThat(workspace.resolve("pwned3")).doesNotExist();
  }
}
