package io.bzzz.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.agent.config.AgentConfig.ExecutorKind;
import io.bzzz.agent.coordination.Topics;
import io.bzzz.tracker.client.TrackerKind;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigLoaderTest {
  @TempDir Path dir;
  Path yaml;
  final Map<String, String> env = new HashMap<>();
  final Map<String, List<String>> flags = new HashMap<>();

  @BeforeEach
  void baseline() throws Exception {
    yaml = dir.resolve("bzzz.yaml");
    Files.writeString(
        yaml,
        """
        name: from-yaml
        tracker_url: http://127.0.0.1:3000
        repos: [demo/one, demo/two]
        max_tasks: 2
        poll_interval: 45s
        trusted_authors:
          - alice
        mdns: false
        """);
    env.put("HOME", dir.toString());
  }

  AgentConfig load() {
    return AgentConfigLoader.load(Optional.of(yaml), env, flags);
  }

  @Test
  void yamlAloneWithDefaults() {
    AgentConfig c = load();
    assertThat(c.name()).isEqualTo("from-yaml");
    assertThat(c.dataDir()).isEqualTo(dir.resolve(".bzzz"));
    assertThat(c.tracker().kind()).isEqualTo(TrackerKind.GITEA);
    assertThat(c.tracker().url()).isEqualTo(URI.create("http://127.0.0.1:3000"));
    assertThat(c.tracker().repos()).containsExactly("demo/one", "demo/two");
    assertThat(c.maxTasks()).isEqualTo(2);
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.availabilityInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.capabilityInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.execution().executor()).isEqualTo(ExecutorKind.SCRIPT);
    assertThat(c.execution().timeLimit()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.execution().trustedAuthors()).containsExactly("alice");
    assertThat(c.node().mdns()).isFalse();
    assertThat(c.node().listen()).containsExactly("/ip4/0.0.0.0/tcp/0");
    assertThat(c.node().topics()).isEqualTo(Topics.Profile.BZZZ);
    assertThat(c.git().email()).isEqualTo("from-yaml@agents.bzzz.invalid");
  }

  @Test
  void environmentBeatsYamlAndFlagsBeatEnvironment() {
    env.put("BZZZ_NAME", "from-env");
    env.put("BZZZ_POLL_INTERVAL", "1m");
    env.put("BZZZ_REPO", "env/a, env/b");
    env.put("BZZZ_TOPICS", "chorus");
    env.put("BZZZ_HOME", dir.resolve("home").toString());
    flags.put("name", List.of("from-flag"));
    flags.put("repo", List.of("flag/x"));
    flags.put("executor-timeout", List.of("1h30m"));
    env.put("BZZZ_CAPABILITY_INTERVAL", "5m");
    flags.put("capability-interval", List.of("2s"));

    AgentConfig c = load();
    assertThat(c.name()).isEqualTo("from-flag");
    assertThat(c.pollInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.tracker().repos()).containsExactly("flag/x");
    assertThat(c.node().topics()).isEqualTo(Topics.Profile.CHORUS);
    assertThat(c.dataDir()).isEqualTo(dir.resolve("home"));
    assertThat(c.maxTasks()).isEqualTo(2); // untouched yaml value
    assertThat(c.execution().timeLimit()).isEqualTo(Duration.ofMinutes(90));
    assertThat(c.capabilityInterval()).isEqualTo(Duration.ofSeconds(2));

    env.remove("BZZZ_REPO");
    flags.remove("repo");
    assertThat(load().tracker().repos()).containsExactly("demo/one", "demo/two");
  }

  @Test
  void tokensAreReadFromFilesAndRedacted() throws Exception {
    Path tokenFile = dir.resolve("gitea.token");
    Files.writeString(tokenFile, "s3cr3t-token-value\n");
    Files.writeString(yaml, Files.readString(yaml) + "gitea:\n  token_file: " + tokenFile + "\n");

    AgentConfig c = load();
    assertThat(c.tracker().token()).map(k -> k.current().reveal()).contains("s3cr3t-token-value");
    assertThat(c.toString()).doesNotContain("s3cr3t").contains("redacted");

    // The github key is not used by a gitea tracker; a variable token beats the yaml file.
    env.put("BZZZ_GITEA_TOKEN", "from-env-token");
    assertThat(load().tracker().token()).map(k -> k.current().reveal()).contains("from-env-token");
    Path flagFile = dir.resolve("flag.token");
    Files.writeString(flagFile, "flag-token");
    flags.put("token-file", List.of(flagFile.toString()));
    AgentConfig fromFlag = load();
    assertThat(fromFlag.tracker().token()).map(k -> k.current().reveal()).contains("flag-token");
    assertThat(fromFlag.toString()).doesNotContain("flag-token").doesNotContain("from-env-token");
  }

  @Test
  void aMissingTokenFileIsAnErrorThatNamesTheFileButNoContent() {
    flags.put("token-file", List.of(dir.resolve("absent").toString()));
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--token-file")
        .hasMessageContaining("absent");
  }

  @Test
  void validationErrorsNameTheFieldAndItsSource() {
    flags.put("max-tasks", List.of("0"));
    assertThatThrownBy(this::load)
        .hasMessage("max_tasks (from --max-tasks): '0': must be between 1 and 64");
    flags.clear();

    env.put("BZZZ_POLL_INTERVAL", "soon");
    assertThatThrownBy(this::load)
        .hasMessage(
            "poll_interval (from BZZZ_POLL_INTERVAL): 'soon': expected a duration such as 30s, 10m"
                + " or 1h");
    env.remove("BZZZ_POLL_INTERVAL");

    flags.put("executor", List.of("magic"));
    assertThatThrownBy(this::load)
        .hasMessageContaining("executor (from --executor): 'magic': expected one of")
        .hasMessageContaining("script|command|ollama|openai");
    flags.put("executor", List.of("command"));
    assertThatThrownBy(this::load)
        .hasMessageStartingWith("command: required by --executor command; set --command");
    flags.clear();

    flags.put("repo", List.of("not a repo"));
    assertThatThrownBy(this::load).hasMessageContaining("repos (from --repo): 'not a repo'");
    flags.clear();

    flags.put("tracker-url", List.of("http://user:pw@host/"));
    assertThatThrownBy(this::load)
        .hasMessageContaining("tracker_url (from --tracker-url): do not put credentials")
        .hasMessageNotContaining("pw");
    flags.clear();

    flags.put("http", List.of("localhost"));
    assertThatThrownBy(this::load).hasMessageContaining("http (from --http): 'localhost'");
  }

  @Test
  void unknownYamlKeysAreRejected() throws Exception {
    Files.writeString(yaml, "pol_interval: 30s\n");
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown option 'pol_interval'");
  }

  @Test
  void llmExecutorsNeedAModelAndOpenAiAUrl() {
    flags.put("executor", List.of("ollama"));
    assertThatThrownBy(this::load).hasMessageStartingWith("model: required by --executor ollama");
    flags.put("model", List.of("llama3.1"));
    AgentConfig c = load();
    assertThat(c.llm().url()).contains(URI.create("http://127.0.0.1:11434"));
    assertThat(c.llm().numCtx()).isEqualTo(8192);

    flags.put("executor", List.of("openai"));
    assertThatThrownBy(this::load).hasMessageStartingWith("llm_url: required by --executor openai");
    env.put("BZZZ_LLM_API_KEY", "sk-secret");
    flags.put("llm-url", List.of("http://127.0.0.1:8000/v1"));
    AgentConfig o = load();
    assertThat(o.llm().apiKey()).map(k -> k.current().reveal()).contains("sk-secret");
    assertThat(o.toString()).doesNotContain("sk-secret");
  }

  @Test
  void dnsDiscoveryFromYamlThenEnvironmentThenFlags() throws Exception {
    Files.writeString(
        yaml,
        Files.readString(yaml)
            + """
            dns_discovery: [tasks.yaml_agent, tasks.yaml_other]
            dns_discovery_port: 4001
            """);
    AgentConfig fromYaml = load();
    assertThat(fromYaml.node().dnsDiscovery())
        .containsExactly("tasks.yaml_agent", "tasks.yaml_other");
    assertThat(fromYaml.node().dnsDiscoveryPort()).isEqualTo(4001);

    env.put("BZZZ_DNS_DISCOVERY", "bzzz-agent, tasks.env_agent");
    env.put("BZZZ_DNS_DISCOVERY_PORT", "5001");
    AgentConfig fromEnv = load();
    assertThat(fromEnv.node().dnsDiscovery()).containsExactly("bzzz-agent", "tasks.env_agent");
    assertThat(fromEnv.node().dnsDiscoveryPort()).isEqualTo(5001);

    flags.put("dns-discovery", List.of("tasks.flag_a", "tasks.flag_b"));
    flags.put("dns-discovery-port", List.of("6001"));
    AgentConfig fromFlags = load();
    assertThat(fromFlags.node().dnsDiscovery()).containsExactly("tasks.flag_a", "tasks.flag_b");
    assertThat(fromFlags.node().dnsDiscoveryPort()).isEqualTo(6001);
  }

  @Test
  void bootstrapUrlsFromYamlThenEnvironmentThenFlags() throws Exception {
    assertThat(load().node().bootstrapUrls()).isEmpty();
    Files.writeString(
        yaml,
        Files.readString(yaml)
            + """
            bootstrap_url: [http://seed-a:8080/api/v1/bootstrap-peers]
            """);
    assertThat(load().node().bootstrapUrls())
        .containsExactly(URI.create("http://seed-a:8080/api/v1/bootstrap-peers"));
    env.put("BZZZ_BOOTSTRAP_URL", "http://b:1/api/v1/bootstrap-peers,https://c/x");
    assertThat(load().node().bootstrapUrls())
        .containsExactly(
            URI.create("http://b:1/api/v1/bootstrap-peers"), URI.create("https://c/x"));
    flags.put("bootstrap-url", List.of("http://flag:2/api/v1/bootstrap-peers"));
    assertThat(load().node().bootstrapUrls())
        .containsExactly(URI.create("http://flag:2/api/v1/bootstrap-peers"));
    flags.put("bootstrap-url", List.of("ftp://x/y"));
    assertThatThrownBy(this::load)
        .hasMessageStartingWith("bootstrap_url (from --bootstrap-url): 'ftp://x/y'")
        .hasMessageContaining("expected an http:// or https:// URL");
  }

  @Test
  void dnsDiscoveryPortDefaultsToTheFixedListenPort() {
    assertThat(load().node().dnsDiscovery()).isEmpty();
    env.put("BZZZ_DNS_DISCOVERY", "tasks.bzzz_agent");
    env.put("BZZZ_LISTEN", "/ip4/0.0.0.0/tcp/4001,/ip6/::/tcp/4002");
    assertThat(load().node().dnsDiscoveryPort()).isEqualTo(4001);
  }

  @Test
  void dnsDiscoveryWithAnEphemeralListenPortNeedsThePortOption() {
    env.put("BZZZ_DNS_DISCOVERY", "tasks.bzzz_agent");
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("dns_discovery_port: required by dns_discovery")
        .hasMessageContaining("--dns-discovery-port")
        .hasMessageContaining("BZZZ_DNS_DISCOVERY_PORT");
    flags.put("listen", List.of("/ip4/0.0.0.0/tcp/0"));
    flags.put("dns-discovery-port", List.of("4001"));
    assertThat(load().node().dnsDiscoveryPort()).isEqualTo(4001);
  }

  @Test
  void badDnsDiscoveryValuesNameTheOptionAndTheirSource() {
    env.put("BZZZ_DNS_DISCOVERY", "tasks.bzzz_agent");
    env.put("BZZZ_DNS_DISCOVERY_PORT", "70000");
    assertThatThrownBy(this::load)
        .hasMessage(
            "dns_discovery_port (from BZZZ_DNS_DISCOVERY_PORT): '70000': must be between 1 and"
                + " 65535");
    env.put("BZZZ_DNS_DISCOVERY_PORT", "http");
    assertThatThrownBy(this::load)
        .hasMessage(
            "dns_discovery_port (from BZZZ_DNS_DISCOVERY_PORT): 'http': expected a whole number");
    env.put("BZZZ_DNS_DISCOVERY_PORT", "4001");
    flags.put("dns-discovery", List.of("tasks bzzz"));
    assertThatThrownBy(this::load)
        .hasMessageStartingWith(
            "dns_discovery (from --dns-discovery): 'tasks bzzz': expected a DNS name");
    flags.put("dns-discovery", List.of("/ip4/10.0.0.5/tcp/4001"));
    assertThatThrownBy(this::load).hasMessageContaining("expected a DNS name");
    // A bad port is reported even while no name uses it.
    flags.remove("dns-discovery");
    env.remove("BZZZ_DNS_DISCOVERY");
    env.put("BZZZ_DNS_DISCOVERY_PORT", "0");
    assertThatThrownBy(this::load).hasMessageContaining("must be between 1 and 65535");
  }

  @Test
  void councilSubtasksAreDiscussedUnlessPlanDiscussionIsTurnedOff() throws Exception {
    // unset: council subtasks among their members, other tasks only when labelled
    assertThat(load().discussion().councilPlans()).isTrue();
    assertThat(load().discussion().everyTask()).isFalse();
    // --discuss-plans: every task, council subtasks as before
    flags.put("discuss-plans", List.of("true"));
    assertThat(load().discussion().everyTask()).isTrue();
    assertThat(load().discussion().councilPlans()).isTrue();
    // --no-discuss-plans (the flag gives false) beats the environment's true
    env.put("BZZZ_DISCUSS_PLANS", "true");
    flags.put("discuss-plans", List.of("false"));
    assertThat(load().discussion().everyTask()).isFalse();
    assertThat(load().discussion().councilPlans()).isFalse();
    // discuss_plans: false in bzzz.yaml turns it off too
    flags.clear();
    env.remove("BZZZ_DISCUSS_PLANS");
    Files.writeString(yaml, Files.readString(yaml) + "discuss_plans: false\n");
    assertThat(load().discussion().councilPlans()).isFalse();
    assertThat(load().discussion().discusses(List.of("bzzz-discuss"))).isTrue();
  }

  @Test
  void durationsParse() {
    assertThat(Durations.parse("30s")).contains(Duration.ofSeconds(30));
    assertThat(Durations.parse("10m")).contains(Duration.ofMinutes(10));
    assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(Durations.parse("250ms")).contains(Duration.ofMillis(250));
    assertThat(Durations.parse("30")).isEmpty();
    assertThat(Durations.parse("s")).isEmpty();
    assertThat(Durations.parse("5m x")).isEmpty();
    assertThat(Durations.parse("")).isEmpty();
  }
}
