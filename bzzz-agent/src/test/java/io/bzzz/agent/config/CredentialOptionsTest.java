package io.bzzz.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** token_command / llm_key_command in the three layers: parsed at load, run at first use. */
class CredentialOptionsTest {
  @TempDir Path dir;
  final Map<String, String> env = new HashMap<>();
  final Map<String, List<String>> flags = new HashMap<>();

  private AgentConfig load(String yamlText) throws Exception {
    Path yaml = Files.writeString(dir.resolve("bzzz.yaml"), yamlText);
    env.put("HOME", dir.toString());
    flags.putIfAbsent("tracker-url", List.of("http://127.0.0.1:3000"));
    flags.putIfAbsent("repo", List.of("demo/one"));
    return AgentConfigLoader.load(Optional.of(yaml), env, flags);
  }

  @Test
  void aYamlListIsTheArgvAndAStringRunsThroughTheShell() throws Exception {
    Path ran = dir.resolve("ran");
    AgentConfig list =
        load("token_command: [/bin/sh, -c, 'touch " + ran + "; echo tok_from_list', x]\n");
    assertThat(ran).doesNotExist(); // not run at load: at the first use
    assertThat(list.tracker().token()).map(t -> t.current().reveal()).contains("tok_from_list");
    assertThat(ran).exists();
    assertThat(list.toString()).doesNotContain("tok_from_list");

    AgentConfig string = load("llm_key_command: echo sk_$((40 + 2)) | tr s S\nllm_key_ttl: 1h\n");
    assertThat(string.llm().apiKey()).map(k -> k.current().reveal()).contains("Sk_42");
    assertThat(string.llm().apiKey())
        .map(Credential::origin)
        .contains("bzzz.yaml key llm_key_command (echo)");
  }

  @Test
  void laterLayersWinAndOneLayerGivesOneSource() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "tok_from_file\n");
    env.put("BZZZ_TOKEN_COMMAND", "echo tok_from_env_helper");
    assertThat(load("token_file: " + file + "\n").tracker().token())
        .map(t -> t.current().reveal())
        .contains("tok_from_env_helper");

    flags.put("token-file", List.of(file.toString()));
    assertThat(load("").tracker().token()).map(t -> t.current().reveal()).contains("tok_from_file");

    flags.remove("token-file");
    assertThatThrownBy(() -> load("token_file: " + file + "\ntoken_command: echo x\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("give one of token_file and token_command");
  }

  @Test
  void badHelperOptionsAreOneLineEach() {
    assertThatThrownBy(() -> load("token_command: []\n"))
        .hasMessageContaining("the list must start with the program");
    assertThatThrownBy(() -> load("token_command: {a: b}\n"))
        .hasMessageContaining("expected a command line or a list");
    assertThatThrownBy(() -> load("token_command: echo t\ntoken_ttl: soon\n"))
        .hasMessageContaining("token_ttl")
        .hasMessageContaining("expected a duration");
  }
}
