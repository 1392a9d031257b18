package io.bzzz.cli.agent;

import io.bzzz.agent.config.AgentConfig;
import io.bzzz.agent.config.AgentConfigLoader;
import io.bzzz.agent.config.ConfigException;
import io.bzzz.agent.runtime.Agent;
import io.bzzz.api.ApiServer;
import io.bzzz.cli.common.BzzzVersion;
import io.bzzz.cli.common.CliFailure;
import io.bzzz.p2p.files.IoReason;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bzzz agent}: runs an agent until SIGTERM/SIGINT. Options (DESIGN §7 and docs/agent.md) go
 * unchanged to {@link AgentConfigLoader}, which layers them over {@code bzzz.yaml} and {@code
 * BZZZ_*}. Prints {@code peer <id>}, {@code listen <multiaddr>} and {@code api <health URL>} lines
 * on stdout once running.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "Run an agent: join the mesh, claim tasks, do them, report back.")
public final class AgentCommand implements Callable<Integer> {
  /** Options handled here, not by the configuration loader. */
  private static final Set<String> OWN = Set.of("config", "shutdown-grace", "help", "version");

  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "bzzz.yaml to read first.")
  Path config;

  @Option(
      names = "--shutdown-grace",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "On SIGTERM, how long running tasks may take to finish (default 30).")
  int shutdownGrace;

  @Option(names = "--name", description = "Agent name (default $HOSTNAME).")
  String name;

  @Option(names = "--data-dir", paramLabel = "D", description = "Data directory (default ~/.bzzz).")
  String dataDir;

  @Option(names = "--http", paramLabel = "HOST:PORT", description = "Serve the HTTP API here.")
  String http;

  @Option(names = "--tracker", paramLabel = "gitea|github", description = "Tracker API.")
  String tracker;

  @Option(names = "--tracker-url", paramLabel = "URL", description = "Tracker base URL.")
  String trackerUrl;

  @Option(names = "--token-file", paramLabel = "F", description = "File with the tracker token.")
  String tokenFile;

  @Option(
      names = "--token-command",
      paramLabel = "CMD",
      description = "Credential helper printing the tracker token (run with /bin/sh -c).")
  String tokenCommand;

  @Option(names = "--token-ttl", paramLabel = "D", description = "Helper token reuse (5m).")
  String tokenTtl;

  @Option(names = "--repo", paramLabel = "OWNER/NAME", description = "Repository (repeatable).")
  List<String> repos = new ArrayList<>();

  @Option(names = "--executor", paramLabel = "KIND", description = "script|command|ollama|openai")
  String executor;

  @Option(names = "--command", paramLabel = "PROGRAM", description = "For --executor command.")
  String command;

  @Option(
      names = "--command-arg",
      paramLabel = "ARG",
      description =
          "An argument for --command, passed verbatim, never through a shell (repeatable;"
              + " write --command-arg=-x for one that starts with a dash).")
  List<String> commandArgs = new ArrayList<>();

  @Option(names = "--model", paramLabel = "M", description = "Model for ollama/openai.")
  String model;

  @Option(names = "--llm-url", paramLabel = "URL", description = "Model server base URL.")
  String llmUrl;

  @Option(
      names = "--llm-key-command",
      paramLabel = "CMD",
      description = "Credential helper printing the model API key (run with /bin/sh -c).")
  String llmKeyCommand;

  @Option(names = "--llm-key-ttl", paramLabel = "D", description = "Helper key reuse (5m).")
  String llmKeyTtl;

  @Option(names = "--llm-key-file", paramLabel = "F", description = "File with the model API key.")
  String llmKeyFile;

  @Option(names = "--num-ctx", paramLabel = "N", description = "Ollama context size.")
  String numCtx;

  @Option(names = "--max-turns", paramLabel = "N", description = "Tool loop turn limit.")
  String maxTurns;

  @Option(names = "--max-tasks", paramLabel = "N", description = "Tasks held at once (default 1).")
  String maxTasks;

  @Option(names = "--poll-interval", paramLabel = "D", description = "Tracker poll period (30s).")
  String pollInterval;

  @Option(
      names = "--availability-interval",
      paramLabel = "D",
      description = "Availability broadcast period (30s).")
  String availabilityInterval;

  @Option(
      names = "--capability-interval",
      paramLabel = "D",
      description = "How often capabilities are detected again; changes are broadcast (60s).")
  String capabilityInterval;

  @Option(names = "--trusted-author", paramLabel = "USER", description = "Trusted (repeatable).")
  List<String> trustedAuthors = new ArrayList<>();

  @Option(names = "--topics", paramLabel = "bzzz|chorus", description = "Topic profile.")
  String topics;

  @Option(names = "--listen", paramLabel = "MA", description = "Listen multiaddr (repeatable).")
  List<String> listen = new ArrayList<>();

  @Option(names = "--bootstrap", paramLabel = "MA", description = "Bootstrap peer (repeatable).")
  List<String> bootstrap = new ArrayList<>();

  @Option(names = "--no-mdns", description = "Do not use mDNS.")
  boolean noMdns;

  @Option(
      names = "--dns-discovery",
      paramLabel = "NAME",
      description = "DNS name listing every replica, e.g. tasks.<service> (repeatable).")
  List<String> dnsDiscovery = new ArrayList<>();

  @Option(
      names = "--dns-discovery-port",
      paramLabel = "PORT",
      description = "TCP port of the replicas DNS lists (default: the --listen port).")
  String dnsDiscoveryPort;

  @Option(
      names = "--bootstrap-url",
      paramLabel = "URL",
      description = "Another agent's /api/v1/bootstrap-peers to fetch peers from (repeatable).")
  List<String> bootstrapUrls = new ArrayList<>();

  @Option(
      names = "--psk",
      paramLabel = "FILE",
      description = "Private network key (libp2p swarm.key, mode 0600).")
  String psk;

  @Option(
      names = "--allow-peer",
      paramLabel = "ID",
      description = "Keep connections only with these peer ids (repeatable).")
  List<String> allowPeers = new ArrayList<>();

  @Option(names = "--capability", paramLabel = "C", description = "Extra capability (repeatable).")
  List<String> capabilities = new ArrayList<>();

  @Option(names = "--specialization", paramLabel = "S", description = "Specialization.")
  String specialization;

  @Option(names = "--sandbox", paramLabel = "none|container", description = "Sandbox.")
  String sandbox;

  @Option(names = "--container-image", paramLabel = "I", description = "Sandbox image.")
  String containerImage;

  @Option(names = "--executor-timeout", paramLabel = "D", description = "Executor limit (10m).")
  String executorTimeout;

  @Option(names = "--output-limit", paramLabel = "BYTES", description = "Output cap.")
  String outputLimit;

  @Option(names = "--git-name", description = "Commit author name.")
  String gitName;

  @Option(names = "--git-email", description = "Commit author email.")
  String gitEmail;

  @Option(names = "--replicate-logs", paramLabel = "BOOL", description = "Replicate peers' logs.")
  String replicateLogs;

  @Option(
      names = "--run-alone",
      description = "Claim tasks without first joining a mesh (a single agent).")
  boolean runAlone;

  @Option(
      names = "--webhook-secret-file",
      paramLabel = "F",
      description =
          "Accept tracker webhooks signed with the secret in F at /api/v1/webhooks/gitea and"
              + " /github (needs --http; the poll interval default becomes 120s).")
  String webhookSecretFile;

  @Option(
      names = "--council-roles",
      paramLabel = "FILE",
      description = "Roles file: the capabilities each council role needs (docs/councils.md).")
  Path councilRoles;

  @Option(
      names = "--council-deadline",
      paramLabel = "D",
      description = "How long council formation may take when the brief does not say (60s).")
  String councilDeadline;

  @Option(
      names = "--council-grace",
      paramLabel = "D",
      description = "How long council subtasks wait for members (three poll intervals).")
  String councilGrace;

  @Option(
      names = "--council-max-roles",
      paramLabel = "N",
      description = "Roles this agent may hold in one council (1).")
  String councilMaxRoles;

  @Option(
      names = "--discuss-label",
      paramLabel = "LABEL",
      description = "Tasks with this label have their plan discussed first (bzzz-discuss).")
  String discussLabel;

  @Option(
      names = "--discuss-plans",
      negatable = true,
      description =
          "Discuss the plan of every task first; --no-discuss-plans: not even council subtasks"
              + " (by default those are discussed among their council's members).")
  boolean discussPlans;

  @Option(
      names = "--discussion-window",
      paramLabel = "D",
      description = "How long members have to answer a plan (5s).")
  String discussionWindow;

  @Option(
      names = "--object-when",
      paramLabel = "REGEX",
      description = "Object to every plan whose text matches (repeatable).")
  List<String> objectWhen = new ArrayList<>();

  // The review loop (docs/review.md).
  @Option(names = "--review-handle", description = "Mention that asks for a change (@bzzz).")
  String reviewHandle;

  @Option(names = "--review-max-rounds", paramLabel = "N", description = "Rounds per PR (5).")
  String reviewMaxRounds;

  @Option(names = "--review-grace", paramLabel = "D", description = "Wait of other agents.")
  String reviewGrace;

  @Option(
      names = "--review-agent-user",
      paramLabel = "LOGIN",
      description = "Agents' tracker user (repeatable).")
  List<String> reviewAgentUsers;

  @Option(names = "--no-review", description = "Do not answer pull request reviews.")
  boolean noReview;

  @Option(names = "--auction", paramLabel = "BOOL", description = "Place tasks by auction (false).")
  String auction;

  @Option(names = "--auction-window", paramLabel = "D", description = "Bid window (400ms).")
  String auctionWindow;

  @Option(
      names = "--auction-claim-timeout",
      paramLabel = "D",
      description = "Time each bidder has to claim before the next tries (3s).")
  String auctionClaimTimeout;

  @Option(
      names = "--auction-min-match",
      paramLabel = "F",
      description = "Capability match below which an agent does not bid (0.7).")
  String auctionMinMatch;

  @Option(
      names = "--auction-weights",
      paramLabel = "C,L,P,R",
      description = "Score weights: capability, load, performance, resources (0.4,0.3,0.2,0.1).")
  String auctionWeights;

  // Work stealing (docs/scheduling.md#work-stealing).
  @Option(
      names = "--steal",
      paramLabel = "BOOL",
      description = "Offer unstarted tasks to idle peers when overloaded (false).")
  String steal;

  @Option(
      names = "--steal-sustain",
      paramLabel = "D",
      description = "How long CPU > 0.8 counts as overloaded (30s).")
  String stealSustain;

  @Option(
      names = "--steal-window",
      paramLabel = "D",
      description = "How long an offer stands (3s).")
  String stealWindow;

  @Override
  public Integer call() throws InterruptedException {
    AgentConfig cfg;
    try {
      cfg = AgentConfigLoader.load(Optional.ofNullable(config), System.getenv(), flags());
    } catch (ConfigException e) {
      throw new CliFailure(e.getMessage(), 2);
    }
    Agent agent;
    try {
      agent = Agent.create(cfg, BzzzVersion.version());
    } catch (IOException | RuntimeException e) {
      throw new CliFailure("cannot start the agent: " + IoReason.of(e));
    }
    Optional<ApiServer> api = Optional.empty();
    try {
      if (cfg.http().isPresent()) {
        api =
            Optional.of(
                ApiServer.start(
                    cfg.http().get().host(),
                    cfg.http().get().port(),
                    agent.view(),
                    agent.webhooks(),
                    Optional.of(agent.councils())));
      }
    } catch (IOException e) {
      agent.close();
      throw new CliFailure(e.getMessage());
    }
    agent.start(api.map(ApiServer::boundHealthUrl));
    PrintWriter out = spec.commandLine().getOut();
    out.println("peer " + agent.peerId());
    agent.multiaddrs().forEach(a -> out.println("listen " + a));
    api.ifPresent(a -> out.println("api " + a.healthUrl()));
    out.flush();

    CountDownLatch stopped = new CountDownLatch(1);
    Optional<ApiServer> server = api;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.shutdown(Duration.ofSeconds(shutdownGrace));
                  server.ifPresent(ApiServer::close);
                  agent.close();
                  stopped.countDown();
                  // A signal ends the JVM with 128+n; a clean stop on SIGTERM is a success.
                  Runtime.getRuntime().halt(0);
                },
                "agent-shutdown"));
    stopped.await();
    return 0;
  }

  /** The options given on the command line, keyed as the loader expects. */
  // package-private for its test
  Map<String, List<String>> flags() {
    Map<String, List<String>> flags = new LinkedHashMap<>();
    for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
      String key = o.longestName().replaceFirst("^--", "");
      if (OWN.contains(key)) {
        continue;
      }
      // a boolean flag passes the value picocli parsed: true, or false for --no-discuss-plans
      flags.put(
          key,
          o.type() == boolean.class
              ? List.of(String.valueOf(o.<Boolean>getValue()))
              : o.originalStringValues());
    }
    return flags;
  }
}
