package io.bzzz.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.bzzz.agent.config.AgentConfig.ExecutorKind;
import io.bzzz.agent.config.AgentConfig.SandboxKind;
import io.bzzz.agent.coordination.Topics;
import io.bzzz.agent.discussion.DiscussionSettings;
import io.bzzz.agent.discussion.Quorum;
import io.bzzz.agent.schedule.AuctionSettings;
import io.bzzz.agent.schedule.ScoreWeights;
import io.bzzz.agent.steal.StealSettings;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.tracker.client.TrackerKind;
import io.bzzz.wire.MalformedInputException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds {@link AgentConfig} from three layers, each later one winning per option: {@code
 * bzzz.yaml}, {@code BZZZ_*} environment variables, command-line flags. Every value is validated
 * here, once, and an error names the option and where its value came from. Secrets are read from
 * files or variables and never appear in messages.
 */
public final class AgentConfigLoader {
  private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Pattern DNS_NAME =
      Pattern.compile(
          "(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\\.[A-Za-z0-9_][A-Za-z0-9_-]{0,62})*\\.?");
  private static final Pattern TCP_PORT = Pattern.compile("/tcp/([0-9]{1,5})(?:/|$)");
  private static final List<String> DEFAULT_LISTEN = List.of("/ip4/0.0.0.0/tcp/0");

  /** How long a credential helper's answer is used: short-lived tokens last an hour or more. */
  static final Duration DEFAULT_HELPER_TTL = Duration.ofMinutes(5);

  static final Duration HELPER_TIMEOUT = Duration.ofSeconds(30);

  private final RawOptions raw = new RawOptions();
  private Optional<SecretSource> token = Optional.empty();
  private Optional<SecretSource> llmKey = Optional.empty();
  private String tokenLayer = "";
  private String llmKeyLayer = "";
  private final Map<TrackerKind, SecretSource> yamlTrackerTokens = new EnumMap<>(TrackerKind.class);
  private final Map<String, String> env;

  /** Set once bzzz.yaml gave arguments, by a {@code command} list or by {@code command_args}. */
  private boolean commandArgsInYaml;

  private AgentConfigLoader(Map<String, String> env) {
    this.env = env;
  }

  /**
   * @param yaml the configuration file, if any (a missing file given explicitly is an error)
   * @param env the process environment
   * @param flags flag values by name without dashes ({@code "max-tasks" -> ["2"]}); boolean flags
   *     map to {@code ["true"]}
   */
  public static AgentConfig load(
      Optional<Path> yaml, Map<String, String> env, Map<String, List<String>> flags) {
    AgentConfigLoader loader = new AgentConfigLoader(env);
    yaml.ifPresent(loader::readYaml);
    loader.readEnv();
    loader.readFlags(flags);
    return loader.build();
  }

  private void readYaml(Path file) {
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + firstLine(e.getMessage()));
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return;
    }
    if (!root.isObject()) {
      throw new ConfigException(file + ": expected a mapping of options at the top level");
    }
    for (var field : root.properties()) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      String source = file.getFileName() + " key " + key;
      switch (key) {
        case "github", "gitea" -> {
          JsonNode tf = value.get("token_file");
          if (!value.isObject() || tf == null || !tf.isValueNode() || value.size() != 1) {
            throw new ConfigException(source + ": expected {token_file: PATH}");
          }
          yamlTrackerTokens.put(
              TrackerKind.valueOf(key.toUpperCase(Locale.ROOT)),
              new SecretSource.File(Path.of(tf.asText()), source + ".token_file"));
        }
        case "command" -> readYamlCommand(value, source);
        case "token_command" ->
            setToken(helper(value, source, ConfigKey.TOKEN_TTL), "bzzz.yaml", source);
        case "llm_key_command" ->
            setLlmKey(helper(value, source, ConfigKey.LLM_KEY_TTL), "bzzz.yaml", source);
        case "mdns" -> {
          if (!value.isBoolean()) {
            throw new ConfigException(source + ": expected true or false");
          }
          raw.put(
              ConfigKey.NO_MDNS,
              new RawOptions.Raw(List.of(Boolean.toString(!value.asBoolean())), source));
        }
        default -> {
          ConfigKey k =
              ConfigKey.byYaml(key)
                  .orElseThrow(() -> new ConfigException(file + ": unknown option '" + key + "'"));
          List<String> values = yamlValues(k, value, source);
          if (k == ConfigKey.COMMAND_ARG) {
            if (commandArgsInYaml) {
              throw new ConfigException(
                  source + ": give the arguments either in the command list or here");
            }
            commandArgsInYaml = true;
          }
          if (k == ConfigKey.TOKEN_FILE) {
            setToken(
                new SecretSource.File(Path.of(values.getFirst()), source), "bzzz.yaml", source);
          } else if (k == ConfigKey.LLM_KEY_FILE) {
            setLlmKey(
                new SecretSource.File(Path.of(values.getFirst()), source), "bzzz.yaml", source);
          } else {
            raw.put(k, new RawOptions.Raw(values, source));
          }
        }
      }
    }
  }

  /**
   * A credential helper in bzzz.yaml: a list is the argv, a string runs with {@code /bin/sh -c}.
   */
  private static SecretSource helper(JsonNode value, String source, ConfigKey ttlKey) {
    if (value.isArray()) {
      List<String> argv = new ArrayList<>();
      for (JsonNode e : value) {
        if (!e.isValueNode() || e.isNull()) {
          throw new ConfigException(
              source + ": expected a list of plain values [PROGRAM, ARG, ...]");
        }
        argv.add(e.asText());
      }
      return new SecretSource.Command(HelperCommand.argv(argv, source), ttlKey);
    }
    if (!value.isValueNode() || value.isNull()) {
      throw new ConfigException(source + ": expected a command line or a list [PROGRAM, ARG, ...]");
    }
    return new SecretSource.Command(HelperCommand.shell(value.asText(), source), ttlKey);
  }

  /**
   * The tracker token's source; later layers replace earlier ones, but one layer may name only one
   * (a file and a helper together would leave which one wins to the order of the keys).
   */
  private void setToken(SecretSource source, String layer, String option) {
    if (tokenLayer.equals(layer)) {
      throw new ConfigException(
          option
              + ": a token source was already given in "
              + layer
              + "; give one of token_file"
              + " and token_command");
    }
    tokenLayer = layer;
    token = Optional.of(source);
  }

  private void setLlmKey(SecretSource source, String layer, String option) {
    if (llmKeyLayer.equals(layer)) {
      throw new ConfigException(
          option
              + ": an LLM key source was already given in "
              + layer
              + "; give one of"
              + " llm_key_file and llm_key_command");
    }
    llmKeyLayer = layer;
    llmKey = Optional.of(source);
  }

  /**
   * {@code command: PROGRAM} or {@code command: [PROGRAM, ARG, ...]}; a list sets the arguments too
   * (and {@code command_args} may not be given as well).
   */
  private void readYamlCommand(JsonNode value, String source) {
    if (!value.isArray()) {
      raw.put(
          ConfigKey.COMMAND,
          new RawOptions.Raw(yamlValues(ConfigKey.COMMAND, value, source), source));
      return;
    }
    List<String> argv = new ArrayList<>();
    for (JsonNode e : value) {
      if (!e.isValueNode() || e.isNull()) {
        throw new ConfigException(source + ": expected a list of plain values [PROGRAM, ARG, ...]");
      }
      argv.add(e.asText());
    }
    if (commandArgsInYaml) {
      throw new ConfigException(
          source + ": give the arguments either in the list or in command_args");
    }
    if (argv.isEmpty() || argv.getFirst().isBlank()) {
      throw new ConfigException(source + ": the list must start with the program");
    }
    raw.put(ConfigKey.COMMAND, new RawOptions.Raw(List.of(argv.getFirst()), source));
    raw.put(ConfigKey.COMMAND_ARG, new RawOptions.Raw(argv.subList(1, argv.size()), source));
    commandArgsInYaml = true;
  }

  private static List<String> yamlValues(ConfigKey k, JsonNode value, String source) {
    if (value.isValueNode() && !value.isNull()) {
      return List.of(value.asText());
    }
    if (value.isArray() && k.repeatable()) {
      List<String> out = new ArrayList<>();
      for (JsonNode e : value) {
        if (!e.isValueNode() || e.isNull()) {
          throw new ConfigException(source + ": expected a list of plain values");
        }
        out.add(e.asText());
      }
      return out;
    }
    throw new ConfigException(
        source + ": expected " + (k.repeatable() ? "a value or a list" : "a single value"));
  }

  private void readEnv() {
    for (ConfigKey k : ConfigKey.values()) {
      String v = env.get(k.env());
      if (k == ConfigKey.DATA_DIR && (v == null || v.isBlank()) && env.containsKey("BZZZ_HOME")) {
        raw.put(k, new RawOptions.Raw(List.of(env.get("BZZZ_HOME")), "BZZZ_HOME"));
        continue;
      }
      if (v == null || v.isBlank()) {
        continue;
      }
      if (k == ConfigKey.COMMAND_ARG) {
        // A comma-separated variable would split or mangle arguments that hold commas.
        throw new ConfigException(
            k.env()
                + " is not read: one variable cannot carry arbitrary arguments; use --command-arg"
                + " (repeatable) or 'command: [PROGRAM, ARG, ...]' in bzzz.yaml");
      }
      if (k == ConfigKey.COMMAND) {
        raw.put(ConfigKey.COMMAND_ARG, new RawOptions.Raw(List.of(), k.env()));
      }
      List<String> values =
          k.repeatable()
              ? Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()
              : List.of(v.strip());
      switch (k) {
        case TOKEN_FILE -> setToken(new SecretSource.File(Path.of(v), k.env()), "env", k.env());
        case TOKEN_COMMAND ->
            setToken(
                new SecretSource.Command(HelperCommand.shell(v, k.env()), ConfigKey.TOKEN_TTL),
                "env",
                k.env());
        case LLM_KEY_FILE -> setLlmKey(new SecretSource.File(Path.of(v), k.env()), "env", k.env());
        case LLM_KEY_COMMAND ->
            setLlmKey(
                new SecretSource.Command(HelperCommand.shell(v, k.env()), ConfigKey.LLM_KEY_TTL),
                "env",
                k.env());
        default -> raw.put(k, new RawOptions.Raw(values, k.env()));
      }
    }
    // A token given directly in a variable (the container way) rather than in a file.
    if (env.get(ConfigKey.TOKEN_FILE.env()) == null
        && env.get(ConfigKey.TOKEN_COMMAND.env()) == null) {
      for (String name : List.of("BZZZ_TOKEN", "BZZZ_GITHUB_TOKEN", "BZZZ_GITEA_TOKEN")) {
        String v = env.get(name);
        if (v != null && !v.isBlank()) {
          token = Optional.of(new SecretSource.Value(v.strip(), name));
        }
      }
    }
    String key = env.get("BZZZ_LLM_API_KEY");
    if (key != null
        && !key.isBlank()
        && env.get(ConfigKey.LLM_KEY_FILE.env()) == null
        && env.get(ConfigKey.LLM_KEY_COMMAND.env()) == null) {
      llmKey = Optional.of(new SecretSource.Value(key.strip(), "BZZZ_LLM_API_KEY"));
    }
  }

  private void readFlags(Map<String, List<String>> flags) {
    flags.forEach(
        (name, values) -> {
          ConfigKey k =
              ConfigKey.byFlag(name)
                  .orElseThrow(() -> new IllegalArgumentException("no agent option --" + name));
          if (values.isEmpty()) {
            return;
          }
          String source = "--" + name;
          if (k == ConfigKey.COMMAND && !flags.containsKey(ConfigKey.COMMAND_ARG.flag())) {
            // A program given here does not inherit the arguments of another program from a file.
            raw.put(ConfigKey.COMMAND_ARG, new RawOptions.Raw(List.of(), source));
          }
          switch (k) {
            case TOKEN_FILE ->
                setToken(new SecretSource.File(Path.of(values.getLast()), source), "flags", source);
            case TOKEN_COMMAND ->
                setToken(
                    new SecretSource.Command(
                        HelperCommand.shell(values.getLast(), source), ConfigKey.TOKEN_TTL),
                    "flags",
                    source);
            case LLM_KEY_FILE ->
                setLlmKey(
                    new SecretSource.File(Path.of(values.getLast()), source), "flags", source);
            case LLM_KEY_COMMAND ->
                setLlmKey(
                    new SecretSource.Command(
                        HelperCommand.shell(values.getLast(), source), ConfigKey.LLM_KEY_TTL),
                    "flags",
                    source);
            default -> raw.put(k, new RawOptions.Raw(List.copyOf(values), source));
          }
        });
  }

  private AgentConfig build() {
    String name = raw.string(ConfigKey.NAME).orElse(env.getOrDefault("HOSTNAME", "bzzz-agent"));
    if (!NAME.matcher(name).matches()) {
      throw raw.invalid(ConfigKey.NAME, name, "use 1 to 64 letters, digits, '.', '_' or '-'");
    }
    Path dataDir =
        raw.string(ConfigKey.DATA_DIR)
            .map(Path::of)
            .orElseGet(
                () -> Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".bzzz"));

    Optional<HostPort> http =
        raw.string(ConfigKey.HTTP)
            .map(
                v ->
                    HostPort.parse(v)
                        .orElseThrow(() -> raw.invalid(ConfigKey.HTTP, v, "expected HOST:PORT")));

    TrackerKind trackerKind = raw.choice(ConfigKey.TRACKER, TrackerKind.class, TrackerKind.GITEA);
    URI trackerUrl =
        raw.url(ConfigKey.TRACKER_URL)
            .or(
                () ->
                    trackerKind == TrackerKind.GITHUB
                        ? Optional.of(URI.create("https://api.github.com"))
                        : Optional.empty())
            .orElseThrow(
                () ->
                    RawOptions.missing(
                        ConfigKey.TRACKER_URL, "the gitea tracker (and the local one)"));
    List<String> repos = raw.list(ConfigKey.REPO);
    for (String r : repos) {
      if (!REPO.matcher(r).matches()) {
        throw raw.invalid(ConfigKey.REPO, r, "expected OWNER/NAME");
      }
    }
    if (repos.isEmpty()) {
      throw RawOptions.missing(ConfigKey.REPO, "an agent (at least one repository to watch)");
    }
    HelperSettings helpers =
        new HelperSettings(
            raw.duration(ConfigKey.TOKEN_TTL, DEFAULT_HELPER_TTL, Duration.ofSeconds(1)),
            raw.duration(ConfigKey.LLM_KEY_TTL, DEFAULT_HELPER_TTL, Duration.ofSeconds(1)),
            HELPER_TIMEOUT,
            InstantSource.system());
    Optional<Credential> trackerToken =
        token
            .or(() -> Optional.ofNullable(yamlTrackerTokens.get(trackerKind)))
            .map(s -> s.open(helpers));

    ExecutorKind executor = raw.choice(ConfigKey.EXECUTOR, ExecutorKind.class, ExecutorKind.SCRIPT);
    List<String> command = new ArrayList<>();
    raw.string(ConfigKey.COMMAND).ifPresent(command::add);
    if (executor == ExecutorKind.COMMAND && command.isEmpty()) {
      throw RawOptions.missing(ConfigKey.COMMAND, "--executor command");
    }
    if (command.isEmpty() && !raw.list(ConfigKey.COMMAND_ARG).isEmpty()) {
      throw new ConfigException(
          raw.describe(ConfigKey.COMMAND_ARG) + ": arguments given without --command");
    }
    command.addAll(raw.list(ConfigKey.COMMAND_ARG));
    Optional<String> model = raw.string(ConfigKey.MODEL);
    boolean llm = executor == ExecutorKind.OLLAMA || executor == ExecutorKind.OPENAI;
    if (llm && model.isEmpty()) {
      throw RawOptions.missing(
          ConfigKey.MODEL, "--executor " + executor.name().toLowerCase(Locale.ROOT));
    }
    Optional<URI> llmUrl =
        raw.url(ConfigKey.LLM_URL)
            .or(
                () ->
                    executor == ExecutorKind.OLLAMA
                        ? Optional.of(URI.create("http://127.0.0.1:11434"))
                        : Optional.empty());
    if (executor == ExecutorKind.OPENAI && llmUrl.isEmpty()) {
      throw RawOptions.missing(ConfigKey.LLM_URL, "--executor openai");
    }

    // Webhooks bring new tasks at once; polling is then only the fallback, at a longer default.
    Optional<Credential> webhookSecret = webhookSecret(http);
    Duration poll =
        raw.duration(
            ConfigKey.POLL_INTERVAL,
            webhookSecret.isPresent() ? AgentConfig.WEBHOOK_POLL_INTERVAL : Duration.ofSeconds(30),
            Duration.ofSeconds(1));
    Duration availability =
        raw.duration(
            ConfigKey.AVAILABILITY_INTERVAL, Duration.ofSeconds(30), Duration.ofSeconds(1));
    Duration redetect =
        raw.duration(ConfigKey.CAPABILITY_INTERVAL, Duration.ofSeconds(60), Duration.ofSeconds(1));
    Duration timeLimit =
        raw.duration(ConfigKey.EXECUTOR_TIMEOUT, Duration.ofMinutes(10), Duration.ofSeconds(1));

    Topics.Profile topics = raw.choice(ConfigKey.TOPICS, Topics.Profile.class, Topics.Profile.BZZZ);
    List<String> listen = raw.list(ConfigKey.LISTEN);
    List<String> bootstrap = raw.list(ConfigKey.BOOTSTRAP);
    for (ConfigKey k : List.of(ConfigKey.LISTEN, ConfigKey.BOOTSTRAP)) {
      for (String ma : raw.list(k)) {
        if (!ma.startsWith("/")) {
          throw raw.invalid(k, ma, "expected a multiaddr such as /ip4/127.0.0.1/tcp/4001");
        }
      }
    }

    List<String> dnsNames = List.copyOf(new LinkedHashSet<>(raw.list(ConfigKey.DNS_DISCOVERY)));
    int dnsPort = dnsDiscoveryPort(dnsNames, listen.isEmpty() ? DEFAULT_LISTEN : listen);

    String gitName = raw.string(ConfigKey.GIT_NAME).orElse("bzzz agent " + name);
    String gitEmail = raw.string(ConfigKey.GIT_EMAIL).orElse(name + "@agents.bzzz.invalid");
    if (!gitEmail.contains("@")) {
      throw raw.invalid(ConfigKey.GIT_EMAIL, gitEmail, "expected an email address");
    }

    String reviewHandle = raw.string(ConfigKey.REVIEW_HANDLE).orElse("@bzzz");
    if (!reviewHandle.matches("@?[A-Za-z0-9][A-Za-z0-9_.-]{0,38}")) {
      throw raw.invalid(ConfigKey.REVIEW_HANDLE, reviewHandle, "expected a name such as @bzzz");
    }

    return new AgentConfig(
        name,
        dataDir,
        http,
        raw.integer(ConfigKey.MAX_TASKS, 1, 1, 64),
        poll,
        availability,
        redetect,
        List.copyOf(new LinkedHashSet<>(raw.list(ConfigKey.CAPABILITY))),
        raw.string(ConfigKey.SPECIALIZATION).orElse("general"),
        new AgentConfig.GitIdentity(gitName, gitEmail),
        raw.bool(ConfigKey.REPLICATE_LOGS, true),
        raw.bool(ConfigKey.RUN_ALONE, false),
        new AgentConfig.Tracker(trackerKind, trackerUrl, trackerToken, repos),
        new AgentConfig.Node(
            listen.isEmpty() ? DEFAULT_LISTEN : listen,
            bootstrap,
            !raw.bool(ConfigKey.NO_MDNS, false),
            dnsNames,
            dnsPort,
            topics,
            List.copyOf(new LinkedHashSet<>(raw.urls(ConfigKey.BOOTSTRAP_URL))),
            raw.string(ConfigKey.PSK).map(Path::of),
            allowPeers()),
        new AgentConfig.Execution(
            executor,
            command,
            new LinkedHashSet<>(raw.list(ConfigKey.TRUSTED_AUTHOR)),
            timeLimit,
            raw.integer(ConfigKey.OUTPUT_LIMIT, 256 * 1024, 1024, 64 * 1024 * 1024),
            raw.choice(ConfigKey.SANDBOX, SandboxKind.class, SandboxKind.NONE),
            raw.string(ConfigKey.CONTAINER_IMAGE).orElse("docker.io/library/alpine:3.20"),
            containerRuntime(raw)),
        new AgentConfig.Llm(
            model,
            llmUrl,
            llmKey.map(s -> s.open(helpers)),
            raw.integer(ConfigKey.NUM_CTX, 8192, 512, 1 << 20),
            raw.integer(ConfigKey.MAX_TURNS, 30, 1, 500)),
        webhookSecret,
        new AgentConfig.Council(
            raw.string(ConfigKey.COUNCIL_ROLES).map(Path::of),
            raw.duration(ConfigKey.COUNCIL_DEADLINE, Duration.ofSeconds(60), Duration.ofSeconds(1)),
            raw.string(ConfigKey.COUNCIL_GRACE).isPresent()
                ? Optional.of(raw.duration(ConfigKey.COUNCIL_GRACE, Duration.ZERO, Duration.ZERO))
                : Optional.empty(),
            raw.integer(ConfigKey.COUNCIL_MAX_ROLES, 1, 1, 16)),
        discussion(),
        new AgentConfig.Review(
            !raw.bool(ConfigKey.NO_REVIEW, false),
            reviewHandle,
            raw.integer(ConfigKey.REVIEW_MAX_ROUNDS, 5, 1, 100),
            raw.duration(ConfigKey.REVIEW_GRACE, poll.multipliedBy(2), Duration.ZERO),
            List.copyOf(new LinkedHashSet<>(raw.list(ConfigKey.REVIEW_AGENT_USER)))),
        auction(),
        steal());
  }

  /**
   * The webhook secret, read now (a missing or empty file stops the start) and again when the file
   * changes. Webhooks arrive at the HTTP API, so they need {@code --http}.
   */
  private Optional<Credential> webhookSecret(Optional<HostPort> http) {
    Optional<String> file = raw.string(ConfigKey.WEBHOOK_SECRET_FILE);
    if (file.isPresent() && http.isEmpty()) {
      throw new ConfigException(
          raw.describe(ConfigKey.WEBHOOK_SECRET_FILE)
              + ": webhooks arrive at the agent's HTTP API; set --http HOST:PORT as well");
    }
    return file.map(
        f -> new FileCredential(Path.of(f), raw.describe(ConfigKey.WEBHOOK_SECRET_FILE)));
  }

  /** The plan discussion options; every {@code --object-when} must compile. */
  private DiscussionSettings discussion() {
    List<Pattern> rules = new ArrayList<>();
    for (String regex : raw.list(ConfigKey.OBJECT_WHEN)) {
      try {
        rules.add(Pattern.compile(regex, Pattern.CASE_INSENSITIVE));
      } catch (java.util.regex.PatternSyntaxException e) {
        throw raw.invalid(ConfigKey.OBJECT_WHEN, regex, "not a regular expression");
      }
    }
    String label =
        raw.string(ConfigKey.DISCUSS_LABEL).orElse(DiscussionSettings.DEFAULT_LABEL).strip();
    if (label.isEmpty()) {
      throw raw.invalid(ConfigKey.DISCUSS_LABEL, label, "expected a label name");
    }
    // three states: unset discusses council subtasks among their members only, true every task,
    // false (--no-discuss-plans) none but the labelled ones (among all live peers)
    boolean given = raw.string(ConfigKey.DISCUSS_PLANS).isPresent();
    boolean discussPlans = raw.bool(ConfigKey.DISCUSS_PLANS, false);
    return new DiscussionSettings(
        label,
        discussPlans,
        raw.duration(
            ConfigKey.DISCUSSION_WINDOW, DiscussionSettings.DEFAULT_WINDOW, Duration.ofSeconds(1)),
        DiscussionSettings.DEFAULT_ROUNDS,
        Quorum.TWO_THIRDS,
        rules,
        !given || discussPlans);
  }

  /** Work stealing's options (docs/scheduling.md#work-stealing); every one has a default. */
  private StealSettings steal() {
    StealSettings d = StealSettings.DEFAULT;
    return new StealSettings(
        raw.bool(ConfigKey.STEAL, d.enabled()),
        raw.duration(ConfigKey.STEAL_SUSTAIN, d.sustain(), Duration.ZERO),
        raw.duration(ConfigKey.STEAL_WINDOW, d.window(), Duration.ofMillis(100)));
  }

  /** The auction's options (docs/scheduling.md); every one has a default. */
  private AuctionSettings auction() {
    AuctionSettings d = AuctionSettings.DEFAULT;
    ScoreWeights weights = d.weights();
    Optional<String> w = raw.string(ConfigKey.AUCTION_WEIGHTS);
    if (w.isPresent()) {
      try {
        weights = ScoreWeights.parse(w.get());
      } catch (IllegalArgumentException e) {
        throw raw.invalid(ConfigKey.AUCTION_WEIGHTS, w.get(), e.getMessage());
      }
    }
    double minMatch = d.minMatch();
    Optional<String> m = raw.string(ConfigKey.AUCTION_MIN_MATCH);
    if (m.isPresent()) {
      try {
        minMatch = Double.parseDouble(m.get().strip());
      } catch (NumberFormatException e) {
        throw raw.invalid(ConfigKey.AUCTION_MIN_MATCH, m.get(), "expected a number in [0, 1]");
      }
      if (!(minMatch >= 0 && minMatch <= 1)) {
        throw raw.invalid(ConfigKey.AUCTION_MIN_MATCH, m.get(), "expected a number in [0, 1]");
      }
    }
    return new AuctionSettings(
        raw.bool(ConfigKey.AUCTION, d.enabled()),
        raw.duration(ConfigKey.AUCTION_WINDOW, d.window(), Duration.ofMillis(10)),
        raw.duration(ConfigKey.AUCTION_CLAIM_TIMEOUT, d.claimTimeout(), Duration.ofMillis(100)),
        minMatch,
        weights);
  }

  /**
   * The port DNS-discovered replicas listen on: the option, else the port of the first TCP listen
   * address; an ephemeral (0) listen port cannot be guessed by peers, so then the option is needed.
   */
  private int dnsDiscoveryPort(List<String> names, List<String> listen) {
    for (String n : names) {
      if (!DNS_NAME.matcher(n).matches()) {
        throw raw.invalid(
            ConfigKey.DNS_DISCOVERY, n, "expected a DNS name such as tasks.bzzz_agent");
      }
    }
    if (names.isEmpty()) {
      if (raw.string(ConfigKey.DNS_DISCOVERY_PORT).isPresent()) {
        raw.integer(ConfigKey.DNS_DISCOVERY_PORT, 0, 1, 65535); // still report a bad value
      }
      return 0;
    }
    if (raw.string(ConfigKey.DNS_DISCOVERY_PORT).isPresent()) {
      return raw.integer(ConfigKey.DNS_DISCOVERY_PORT, 0, 1, 65535);
    }
    for (String ma : listen) {
      Matcher m = TCP_PORT.matcher(ma);
      if (m.find()) {
        int port = Integer.parseInt(m.group(1));
        if (port != 0) {
          return port;
        }
        break;
      }
    }
    throw new ConfigException(
        ConfigKey.DNS_DISCOVERY_PORT.yaml()
            + ": required by dns_discovery when the first listen address has no fixed TCP port"
            + " (peers cannot know an ephemeral port); set --"
            + ConfigKey.DNS_DISCOVERY_PORT.flag()
            + ", "
            + ConfigKey.DNS_DISCOVERY_PORT.env()
            + " or listen on a fixed port such as /ip4/0.0.0.0/tcp/4001");
  }

  /** The allow-list: peer ids, each checked here so a typo stops the start with its source. */
  private List<String> allowPeers() {
    List<String> ids = new ArrayList<>();
    for (String id : new LinkedHashSet<>(raw.list(ConfigKey.ALLOW_PEER))) {
      try {
        ids.add(PeerId.parse(id).toBase58());
      } catch (MalformedInputException e) {
        throw raw.invalid(ConfigKey.ALLOW_PEER, id, "expected a peer id such as 12D3KooW...");
      }
    }
    return ids;
  }

  /** An OCI runtime name or path for the engine's {@code --runtime}; never a flag. */
  private static Optional<String> containerRuntime(RawOptions raw) {
    Optional<String> runtime = raw.string(ConfigKey.CONTAINER_RUNTIME);
    if (runtime.isPresent()
        && (!runtime.get().matches("[A-Za-z0-9_./-]+") || runtime.get().startsWith("-"))) {
      throw new ConfigException(
          "container-runtime: expected a runtime name or path such as runc or /usr/bin/crun, got '"
              + runtime.get()
              + "'");
    }
    return runtime;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
