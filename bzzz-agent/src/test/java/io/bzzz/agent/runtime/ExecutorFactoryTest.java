package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.agent.config.AgentConfig;
import io.bzzz.agent.config.AgentConfigLoader;
import io.bzzz.agent.config.ConfigException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorFactoryTest {
  @TempDir Path tmp;

  AgentConfig config(String... flagPairs) {
    Map<String, List<String>> flags = new HashMap<>();
    flags.put("tracker-url", List.of("http://127.0.0.1:3000"));
    flags.put("repo", List.of("demo/sample"));
    for (int i = 0; i < flagPairs.length; i += 2) {
      flags.put(flagPairs[i], List.of(flagPairs[i + 1]));
    }
    return AgentConfigLoader.load(Optional.empty(), Map.of("HOME", tmp.toString()), flags);
  }

  @Test
  void buildsEachConfiguredExecutor() {
    try (HttpClient http = HttpClient.newHttpClient()) {
      Map<String, String> env = Map.of("PATH", "/usr/bin");
      assertThat(ExecutorFactory.create(config(), tmp, env, http).name()).isEqualTo("script");
      assertThat(
              ExecutorFactory.create(
                      config("executor", "command", "command", "/bin/true"), tmp, env, http)
                  .name())
          .isEqualTo("command");
      assertThat(
              ExecutorFactory.create(config("executor", "ollama", "model", "m"), tmp, env, http)
                  .name())
          .isEqualTo("ollama");
      assertThat(
              ExecutorFactory.create(
                      config(
                          "executor", "openai", "model", "m", "llm-url", "http://127.0.0.1:1/v1"),
                      tmp,
                      env,
                      http)
                  .name())
          .isEqualTo("openai");
    }
  }

  @Test
  void aContainerSandboxNeedsAnEngine() {
    try (HttpClient http = HttpClient.newHttpClient()) {
      assertThatThrownBy(
              () ->
                  ExecutorFactory.create(
                      config("sandbox", "container"),
                      tmp,
                      Map.of("PATH", tmp.resolve("empty").toString()),
                      http))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("podman or docker")
          .hasMessageContaining("--sandbox none");
    }
  }
}
