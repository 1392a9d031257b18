package io.bzzz.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.bzzz.testing.RepoRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files under deploy/ without a container engine: systemd units checked by the real {@code
 * systemd-analyze}, and the Swarm, Kubernetes, Compose and Prometheus files parsed and checked for
 * the keys the deployment relies on (Swarm mode and a cluster cannot run here).
 */
class DeploymentFilesTest {
  private static final Path DEPLOY = RepoRoot.path().resolve("deploy");
  private static final ObjectMapper YAML = new YAMLMapper();

  @Test
  void systemdUnitsPassSystemdAnalyzeVerifyAndAreHardened(@TempDir Path dir) throws Exception {
    requireTool("systemd-analyze", "apt-get install systemd");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (String name : List.of("bzzz-agent.service", "bzzz-tracker.service")) {
      String unit = Files.readString(DEPLOY.resolve("systemd").resolve(name));
      assertThat(unit)
          .contains(
              "NoNewPrivileges=yes",
              "ProtectSystem=strict",
              "StateDirectory=",
              "DynamicUser=yes",
              "CapabilityBoundingSet=\n",
              "KillSignal=SIGTERM");
      // verify checks that ExecStart's program exists: point it at this JVM, nothing else changes
      Path copy = dir.resolve(name);
      Files.writeString(copy, unit.replace("/opt/bzzz/java/bin/java", java));

      Result verify = run("systemd-analyze", "verify", copy.toString());
      assertThat(verify.exit()).as(verify.output()).isZero();
      assertThat(verify.output()).as("warnings of systemd-analyze verify").isBlank();

      Result security = run("systemd-analyze", "security", "--offline=yes", copy.toString());
      assertThat(security.output()).contains("Overall exposure level");
      double exposure =
          Double.parseDouble(
              security
                  .output()
                  .replaceAll("(?s).*Overall exposure level for \\S+: ([0-9.]+).*", "$1"));
      assertThat(exposure).as("systemd-analyze security exposure of %s", name).isLessThan(3.0);
    }
    String agent = Files.readString(DEPLOY.resolve("systemd/bzzz-agent.service"));
    assertThat(agent)
        .contains("LoadCredential=tracker-token:/etc/bzzz/tracker.token")
        .contains("Environment=BZZZ_TOKEN_FILE=%d/tracker-token");
  }

  @Test
  void aBrokenUnitFailsTheSameCheck(@TempDir Path dir) throws Exception {
    requireTool("systemd-analyze", "apt-get install systemd");
    Path copy = dir.resolve("bzzz-agent.service");
    Files.writeString(
        copy,
        Files.readString(DEPLOY.resolve("systemd/bzzz-agent.service"))
            .replace("ProtectSystem=strict", "ProtectSystem=strictest"));
    Result verify = run("systemd-analyze", "verify", copy.toString());
    assertThat(verify.exit() != 0 || !verify.output().isBlank()).isTrue();
  }

  @Test
  void swarmStackIsAReplicatedServiceOnAnOverlayFoundByTasksDns() throws IOException {
    JsonNode stack = YAML.readTree(DEPLOY.resolve("swarm/stack.yaml").toFile());
    JsonNode agent = stack.at("/services/agent");
    assertThat(agent.at("/deploy/mode").asText()).isEqualTo("replicated");
    assertThat(agent.at("/deploy/replicas").asInt()).isGreaterThan(1);
    assertThat(agent.at("/deploy/placement/constraints").toString())
        .contains("node.role == worker");
    assertThat(agent.at("/deploy/restart_policy/condition").asText()).isEqualTo("on-failure");
    assertThat(agent.at("/deploy/update_config/parallelism").asInt()).isEqualTo(1);
    assertThat(stack.at("/networks/mesh/driver").asText()).isEqualTo("overlay");
    assertThat(agent.at("/environment/BZZZ_NO_MDNS").asText()).isEqualTo("true");
    assertThat(agent.at("/environment/BZZZ_DNS_DISCOVERY").asText()).isEqualTo("tasks.bzzz_agent");
    assertThat(agent.at("/environment/BZZZ_TOKEN_FILE").asText())
        .isEqualTo("/run/secrets/bzzz_tracker_token");
    assertThat(agent.at("/secrets").toString()).contains("bzzz_tracker_token");
    assertThat(stack.at("/secrets/bzzz_tracker_token/external").asBoolean()).isTrue();
    assertThat(agent.at("/healthcheck/test").toString()).contains("bzzz-health");
  }

  /**
   * What {@code docker stack deploy} and {@code docker compose} check before anything runs (Swarm
   * mode cannot run here): every named volume, network and secret a service uses is declared at the
   * top level ("undefined volume" otherwise).
   */
  @Test
  void everyVolumeNetworkAndSecretAServiceUsesIsDeclared() throws IOException {
    for (String file : List.of("swarm/stack.yaml", "compose/compose.yaml")) {
      JsonNode spec = YAML.readTree(DEPLOY.resolve(file).toFile());
      assertThat(undeclared(spec)).as(file).isEmpty();
    }
    JsonNode stack = YAML.readTree(DEPLOY.resolve("swarm/stack.yaml").toFile());
    assertThat(stack.at("/volumes/bzzz-data/name").asText()).contains("{{.Task.Slot}}");

    // the slot template written where the seeds wrote it: in the service's mount, undeclared
    JsonNode broken =
        YAML.readTree(
            """
            services:
              agent:
                image: bzzz
                volumes: ["bzzz-data-{{.Task.Slot}}:/var/lib/bzzz", "/etc/hosts:/etc/hosts:ro"]
                networks: [mesh]
                secrets: [{source: token, target: t}]
            networks: {mesh: {}}
            """);
    assertThat(undeclared(broken))
        .containsExactlyInAnyOrder("agent: volume bzzz-data-{{.Task.Slot}}", "agent: secret token");
  }

  /** The references of each service to named volumes, networks and secrets the file lacks. */
  private static List<String> undeclared(JsonNode spec) {
    List<String> missing = new ArrayList<>();
    spec.path("services")
        .properties()
        .forEach(
            service -> {
              JsonNode s = service.getValue();
              for (JsonNode v : s.path("volumes")) {
                String source =
                    v.isTextual() ? v.asText().split(":", 2)[0] : v.path("source").asText("");
                boolean named =
                    !source.isEmpty()
                        && !source.startsWith("/")
                        && !source.startsWith(".")
                        && !source.startsWith("~")
                        && !"bind".equals(v.path("type").asText());
                if (named && !spec.path("volumes").has(source)) {
                  missing.add(service.getKey() + ": volume " + source);
                }
              }
              List<String> networks = new ArrayList<>();
              JsonNode n = s.path("networks");
              if (n.isArray()) {
                n.forEach(x -> networks.add(x.asText()));
              } else {
                n.fieldNames().forEachRemaining(networks::add);
              }
              networks.stream()
                  .filter(x -> !spec.path("networks").has(x))
                  .forEach(x -> missing.add(service.getKey() + ": network " + x));
              for (JsonNode secret : s.path("secrets")) {
                String name = secret.isTextual() ? secret.asText() : secret.path("source").asText();
                if (!spec.path("secrets").has(name)) {
                  missing.add(service.getKey() + ": secret " + name);
                }
              }
            });
    return missing;
  }

  @Test
  void kubernetesStatefulSetHasAHeadlessServiceSecretProbesAndScraping() throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser =
        new YAMLFactory().createParser(DEPLOY.resolve("kubernetes/bzzz.yaml").toFile())) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
    }
    JsonNode service = kind(docs, "Service");
    JsonNode set = kind(docs, "StatefulSet");
    assertThat(service.at("/spec/clusterIP").asText()).isEqualTo("None");
    assertThat(set.at("/spec/serviceName").asText())
        .isEqualTo(service.at("/metadata/name").asText());
    assertThat(service.at("/spec/selector")).isEqualTo(set.at("/spec/template/metadata/labels"));
    JsonNode pod = set.at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");
    for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
      assertThat(container.at("/" + probe + "/httpGet/path").asText())
          .as(probe)
          .isEqualTo("/api/health");
    }
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.toString()).contains("bzzz-tracker-token");
    assertThat(container.at("/env").toString())
        .contains("BZZZ_TOKEN_FILE", "/run/secrets/bzzz/token")
        .contains("BZZZ_DNS_DISCOVERY", service.at("/metadata/name").asText());
    assertThat(set.at("/spec/template/metadata/annotations/prometheus.io~1scrape").asText())
        .isEqualTo("true");
    assertThat(set.at("/spec/volumeClaimTemplates/0/metadata/name").asText())
        .isEqualTo(container.at("/volumeMounts/0/name").asText());
    JsonNode monitor = YAML.readTree(DEPLOY.resolve("kubernetes/podmonitor.yaml").toFile());
    assertThat(monitor.at("/kind").asText()).isEqualTo("PodMonitor");
    assertThat(monitor.at("/spec/podMetricsEndpoints/0/path").asText()).isEqualTo("/metrics");
  }

  @Test
  void composeRunsTheTrackerTheSeedAndThreeAgentsOnTheHostNetwork() throws IOException {
    JsonNode compose = withMerges(DEPLOY.resolve("compose/compose.yaml"));
    JsonNode services = compose.at("/services");
    assertThat(services.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("tracker", "seed", "agent-1", "agent-2", "agent-3");
    services.forEach(s -> assertThat(s.at("/network_mode").asText()).isEqualTo("host"));
    for (String agent : List.of("agent-1", "agent-2", "agent-3")) {
      JsonNode s = services.get(agent);
      assertThat(s.at("/volumes").toString()).contains(agent + ":/var/lib/bzzz");
      assertThat(s.at("/environment/BZZZ_TOKEN_FILE").asText())
          .isEqualTo("/run/secrets/bzzz_tracker_token");
      assertThat(s.at("/secrets").toString()).contains("bzzz_tracker_token");
      assertThat(s.at("/stop_grace_period").asText()).isNotEmpty();
    }
    // the tracker's admin token is that secret too
    assertThat(services.at("/tracker/command").toString())
        .contains("--admin-token-file", "/run/secrets/bzzz_tracker_token");
    assertThat(compose.at("/secrets/bzzz_tracker_token/file").asText()).contains("tracker.token");
    JsonNode prometheus = YAML.readTree(DEPLOY.resolve("prometheus/prometheus.yml").toFile());
    assertThat(prometheus.at("/scrape_configs").findValuesAsText("metrics_path"))
        .isNotEmpty()
        .allMatch("/metrics"::equals);
    assertThat(prometheus.at("/scrape_configs").toString()).contains("tasks.bzzz_agent");
  }

  /**
   * Reads YAML with SnakeYAML, which expands anchors and merge keys (Jackson's parser does not).
   */
  static JsonNode withMerges(Path file) throws IOException {
    return YAML.valueToTree(new org.yaml.snakeyaml.Yaml().load(Files.readString(file)));
  }

  private static JsonNode kind(List<JsonNode> docs, String kind) {
    return docs.stream()
        .filter(d -> kind.equals(d.path("kind").asText()))
        .findFirst()
        .orElseThrow();
  }

  record Result(int exit, String output) {}

  static Result run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /**
   * A tool the test needs: in CI ({@code CI=true}, where .ci/run installs it) its absence fails the
   * test; elsewhere it skips with the reason, never passes silently.
   */
  static void requireTool(String program, String hint) {
    String reason = program + " missing (" + hint + ")";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      assertThat(onPath(program)).as(reason).isTrue();
    }
    assumeTrue(onPath(program), reason);
  }

  static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
