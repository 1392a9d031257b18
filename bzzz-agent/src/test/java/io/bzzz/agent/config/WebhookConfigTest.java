package io.bzzz.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --webhook-secret-file} in its three layers: it turns the endpoints on, lengthens the
 * default poll interval (an explicit one wins), needs {@code --http}, and never prints the secret.
 */
class WebhookConfigTest {
  private static final String SECRET = "do-not-print-this-webhook-secret";

  @TempDir Path dir;

  private Map<String, List<String>> flags(String... pairs) {
    Map<String, List<String>> f = new HashMap<>();
    f.put("tracker-url", List.of("http://127.0.0.1:3000"));
    f.put("repo", List.of("admin/demo"));
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      f.put(pairs[i], List.of(pairs[i + 1]));
    }
    return f;
  }

  private Path secretFile() throws Exception {
    Path f = dir.resolve("webhook.secret");
    Files.writeString(f, SECRET + "\n");
    return f;
  }

  @Test
  void theSecretTurnsWebhooksOnAndPollingIntoAFallback() throws Exception {
    Map<String, String> env = Map.of("HOME", dir.toString());
    AgentConfig off = AgentConfigLoader.load(Optional.empty(), env, flags());
    assertThat(off.webhookSecret()).isEmpty();
    assertThat(off.pollInterval()).isEqualTo(Duration.ofSeconds(30));

    String file = secretFile().toString();
    AgentConfig on =
        AgentConfigLoader.load(
            Optional.empty(), env, flags("webhook-secret-file", file, "http", "127.0.0.1:0"));
    assertThat(on.webhookSecret().orElseThrow().current().reveal()).isEqualTo(SECRET);
    assertThat(on.pollInterval()).isEqualTo(AgentConfig.WEBHOOK_POLL_INTERVAL);
    assertThat(on.toString()).doesNotContain(SECRET);

    AgentConfig explicit =
        AgentConfigLoader.load(
            Optional.empty(),
            env,
            flags("webhook-secret-file", file, "http", "127.0.0.1:0", "poll-interval", "45s"));
    assertThat(explicit.pollInterval()).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void yamlAndTheVariableNameItToo() throws Exception {
    String file = secretFile().toString();
    Path yaml = dir.resolve("bzzz.yaml");
    Files.writeString(yaml, "webhook_secret_file: " + file + "\nhttp: 127.0.0.1:0\n");
    assertThat(
            AgentConfigLoader.load(Optional.of(yaml), Map.of("HOME", dir.toString()), flags())
                .webhookSecret())
        .isPresent();
    Map<String, String> env = new HashMap<>();
    env.put("HOME", dir.toString());
    env.put("BZZZ_WEBHOOK_SECRET_FILE", file);
    env.put("BZZZ_HTTP", "127.0.0.1:0");
    assertThat(AgentConfigLoader.load(Optional.empty(), env, flags()).webhookSecret()).isPresent();
  }

  @Test
  void withoutHttpOrWithAnEmptyFileTheStartStopsWithTheOptionNamed() throws Exception {
    Map<String, String> env = Map.of("HOME", dir.toString());
    String file = secretFile().toString();
    assertThatThrownBy(
            () -> AgentConfigLoader.load(Optional.empty(), env, flags("webhook-secret-file", file)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("webhook_secret_file")
        .hasMessageContaining("--http");
    Path empty = dir.resolve("empty.secret");
    Files.writeString(empty, "\n");
    assertThatThrownBy(
            () ->
                AgentConfigLoader.load(
                    Optional.empty(),
                    env,
                    flags("webhook-secret-file", empty.toString(), "http", "127.0.0.1:0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is empty");
  }
}
