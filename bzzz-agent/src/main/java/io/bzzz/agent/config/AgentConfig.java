package io.bzzz.agent.config;

import io.bzzz.agent.coordination.Topics;
import io.bzzz.agent.discussion.DiscussionSettings;
import io.bzzz.agent.schedule.AuctionSettings;
import io.bzzz.agent.steal.StealSettings;
import io.bzzz.tracker.client.TrackerKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An agent's whole configuration, validated. Built only by {@link AgentConfigLoader} from {@code
 * bzzz.yaml}, then {@code BZZZ_*} variables, then flags. Secrets print redacted.
 *
 * @param name the agent's display name (comments, git identity)
 * @param http where the HTTP API listens, if at all
 * @param availabilityInterval how often availability is broadcast (30 s); the peer table's unit
 * @param capabilityInterval how often capabilities are detected again (60 s); a change is broadcast
 * @param capabilities configured capabilities, added to the detected ones
 * @param runAlone claim without first joining a mesh (a single agent); otherwise nothing is claimed
 *     until a peer is heard and this agent's capabilities were broadcast after that
 * @param webhookSecret the shared secret of tracker webhooks ({@code --webhook-secret-file}); the
 *     webhook endpoints of the HTTP API are off without it
 * @param discussion which tasks' plans are discussed before work, and how (docs/discussion.md)
 * @param auction how tasks are placed among agents (docs/scheduling.md)
 * @param steal whether an overloaded agent offers its unstarted tasks to idle ones
 *     (docs/scheduling.md#work-stealing)
 */
public record AgentConfig(
    String name,
    Path dataDir,
    Optional<HostPort> http,
    int maxTasks,
    Duration pollInterval,
    Duration availabilityInterval,
    Duration capabilityInterval,
    List<String> capabilities,
    String specialization,
    GitIdentity git,
    boolean replicateLogs,
    boolean runAlone,
    Tracker tracker,
    Node node,
    Execution execution,
    Llm llm,
    Optional<Credential> webhookSecret,
    Council council,
    DiscussionSettings discussion,
    Review review,
    AuctionSettings auction,
    StealSettings steal) {

  /** The poll interval when webhooks bring new tasks and polling is only the fallback. */
  public static final Duration WEBHOOK_POLL_INTERVAL = Duration.ofMinutes(2);

  public AgentConfig {
    capabilities = List.copyOf(capabilities);
  }

  public enum ExecutorKind {
    SCRIPT,
    COMMAND,
    OLLAMA,
    OPENAI
  }

  public enum SandboxKind {
    NONE,
    CONTAINER
  }

  /** Name and email on the agent's commits. */
  public record GitIdentity(String name, String email) {}

  /**
   * Where tasks come from. The local tracker speaks Gitea's API, so it is {@code gitea}.
   *
   * @param token asked for at each use: a file or a credential helper may change it
   */
  public record Tracker(TrackerKind kind, URI url, Optional<Credential> token, List<String> repos) {
    public Tracker {
      repos = List.copyOf(repos);
    }
  }

  /**
   * The libp2p node: listen and bootstrap multiaddrs, mDNS, DNS discovery and the topic profile.
   *
   * @param dnsDiscovery DNS names listing every replica ({@code tasks.<service>}, a headless
   *     Service); empty for none
   * @param dnsDiscoveryPort the port those replicas listen on (0 when there are no names)
   * @param bootstrapUrls other agents' {@code /api/v1/bootstrap-peers}, fetched periodically
   * @param psk the private network's {@code swarm.key}, when the mesh is private
   * @param allowPeers the only peer ids kept connected; empty for anyone
   */
  public record Node(
      List<String> listen,
      List<String> bootstrap,
      boolean mdns,
      List<String> dnsDiscovery,
      int dnsDiscoveryPort,
      Topics.Profile topics,
      List<URI> bootstrapUrls,
      Optional<Path> psk,
      List<String> allowPeers) {
    public Node {
      allowPeers = List.copyOf(allowPeers);
      bootstrapUrls = List.copyOf(bootstrapUrls);
      listen = List.copyOf(listen);
      bootstrap = List.copyOf(bootstrap);
      dnsDiscovery = List.copyOf(dnsDiscovery);
    }
  }

  /**
   * How tasks run.
   *
   * @param command the program of the {@code command} executor and its arguments, each one argv
   *     element passed verbatim (never through a shell); empty when no command is configured
   */
  public record Execution(
      ExecutorKind executor,
      List<String> command,
      Set<String> trustedAuthors,
      Duration timeLimit,
      int outputLimit,
      SandboxKind sandbox,
      String containerImage,
      Optional<String> containerRuntime) {
    public Execution {
      command = List.copyOf(command);
      trustedAuthors = Set.copyOf(trustedAuthors);
    }
  }

  /**
   * Councils (docs/councils.md).
   *
   * @param rolesFile the roles file; the built-in one when empty
   * @param deadline how long formation may take when a brief does not say
   * @param grace how long a council's subtasks wait for its members; three poll intervals when
   *     empty
   * @param maxRoles roles one agent may hold in one council
   */
  public record Council(
      Optional<Path> rolesFile, Duration deadline, Optional<Duration> grace, int maxRoles) {}

  /**
   * The language model for the {@code ollama} and {@code openai} executors.
   *
   * @param apiKey asked for at each request: a file or a credential helper may change it
   */
  public record Llm(
      Optional<String> model,
      Optional<URI> url,
      Optional<Credential> apiKey,
      int numCtx,
      int maxTurns) {}

  /**
   * The review loop (docs/review.md).
   *
   * @param grace how long agents other than a pull request's last author wait before taking a round
   * @param agentUsers tracker logins, beside the agent's own, whose comments never trigger work
   */
  public record Review(
      boolean enabled, String handle, int maxRounds, Duration grace, List<String> agentUsers) {
    public Review {
      agentUsers = List.copyOf(agentUsers);
    }
  }
}
