package io.bzzz.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.bzzz.agent.config.AgentConfig.ExecutorKind;
import io.bzzz.agent.config.AgentConfig.SandboxKind;
import io.bzzz.agent.config.AgentConfig.TrackerKind;
import io.bzzz.agent.coordination.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
  private static final long MAX_SECRET_BYTES = 16 * 1024;

  /** A raw option value and where it came from ({@code --max-tasks}, {@code BZZZ_MAX_TASKS}). */
  private record Raw(List<String> values, String source) {
    String single() {
      return values.isEmpty() ? "" : values.getLast();
    }
  }

  /** A token as configured in one layer: a file to read or a variable's value. */
  private sealed interface TokenSource {
    record File(Path path, String source) implements TokenSource {}

    record Value(String value, String variable) implements TokenSource {}
  }

  private final Map<ConfigKey, Raw> raw = new EnumMap<>(ConfigKey.class);
  private Optional<TokenSource> token = Optional.empty();
  private Optional<TokenSource> llmKey = Optional.empty();
  private final Map<TrackerKind, TokenSource> yamlTrackerTokens = new EnumMap<>(TrackerKind.class);
  private final Map<String, String> env;

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
              new TokenSource.File(Path.of(tf.asText()), source + ".token_file"));
        }
        case "mdns" -> {
          if (!value.isBoolean()) {
            throw new ConfigException(source + ": expected true or false");
          }
          raw.put(
              ConfigKey.NO_MDNS, new Raw(List.of(Boolean.toString(!value.asBoolean())), source));
        }
        default -> {
          ConfigKey k =
              ConfigKey.byYaml(key)
                  .orElseThrow(() -> new ConfigException(file + ": unknown option '" + key + "'"));
          List<String> values = yamlValues(k, value, source);
          if (k == ConfigKey.TOKEN_FILE) {
            token = Optional.of(new TokenSource.File(Path.of(values.getFirst()), source));
          } else if (k == ConfigKey.LLM_KEY_FILE) {
            llmKey = Optional.of(new TokenSource.File(Path.of(values.getFirst()), source));
          } else {
            raw.put(k, new Raw(values, source));
          }
        }
      }
    }
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
        raw.put(k, new Raw(List.of(env.get("BZZZ_HOME")), "BZZZ_HOME"));
        continue;
      }
      if (v == null || v.isBlank()) {
        continue;
      }
      List<String> values =
          k.repeatable()
              ? Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()
              : List.of(v.strip());
      switch (k) {
        case TOKEN_FILE -> token = Optional.of(new TokenSource.File(Path.of(v), k.env()));
        case LLM_KEY_FILE -> llmKey = Optional.of(new TokenSource.File(Path.of(v), k.env()));
        default -> raw.put(k, new Raw(values, k.env()));
      }
    }
    // A token given directly in a variable (the container way) rather than in a file.
    if (env.get(ConfigKey.TOKEN_FILE.env()) == null) {
      for (String name : List.of("BZZZ_TOKEN", "BZZZ_GITHUB_TOKEN", "BZZZ_GITEA_TOKEN")) {
        String v = env.get(name);
        if (v != null && !v.isBlank()) {
          token = Optional.of(new TokenSource.Value(v.strip(), name));
        }
      }
    }
    String key = env.get("BZZZ_LLM_API_KEY");
    if (key != null && !key.isBlank() && env.get(ConfigKey.LLM_KEY_FILE.env()) == null) {
      llmKey = Optional.of(new TokenSource.Value(key.strip(), "BZZZ_LLM_API_KEY"));
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
          switch (k) {
            case TOKEN_FILE ->
                token = Optional.of(new TokenSource.File(Path.of(values.getLast()), source));
            case LLM_KEY_FILE ->
                llmKey = Optional.of(new TokenSource.File(Path.of(values.getLast()), source));
            default -> raw.put(k, new Raw(List.copyOf(values), source));
          }
        });
  }

  private AgentConfig build() {
    String name = string(ConfigKey.NAME).orElse(env.getOrDefault("HOSTNAME", "bzzz-agent"));
    if (!NAME.matcher(name).matches()) {
      throw invalid(ConfigKey.NAME, name, "use 1 to 64 letters, digits, '.', '_' or '-'");
    }
    Path dataDir =
        string(ConfigKey.DATA_DIR)
            .map(Path::of)
            .orElseGet(
                () -> Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".bzzz"));

    Optional<HostPort> http =
        string(ConfigKey.HTTP)
            .map(
                v ->
                    HostPort.parse(v)
                        .orElseThrow(() -> invalid(ConfigKey.HTTP, v, "expected HOST:PORT")));

    TrackerKind trackerKind = choice(ConfigKey.TRACKER, TrackerKind.class, TrackerKind.GITEA);
    URI trackerUrl =
        url(ConfigKey.TRACKER_URL)
            .or(
                () ->
                    trackerKind == TrackerKind.GITHUB
                        ? Optional.of(URI.create("https://api.github.com"))
                        : Optional.empty())
            .orElseThrow(
                () -> missing(ConfigKey.TRACKER_URL, "the gitea tracker (and the local one)"));
    List<String> repos = list(ConfigKey.REPO);
    for (String r : repos) {
      if (!REPO.matcher(r).matches()) {
        throw invalid(ConfigKey.REPO, r, "expected OWNER/NAME");
      }
    }
    if (repos.isEmpty()) {
      throw missing(ConfigKey.REPO, "an agent (at least one repository to watch)");
    }
    Optional<Secret> trackerToken =
        token.or(() -> Optional.ofNullable(yamlTrackerTokens.get(trackerKind))).map(this::secret);

    ExecutorKind executor = choice(ConfigKey.EXECUTOR, ExecutorKind.class, ExecutorKind.SCRIPT);
    Optional<String> command = string(ConfigKey.COMMAND);
    if (executor == ExecutorKind.COMMAND && command.isEmpty()) {
      throw missing(ConfigKey.COMMAND, "--executor command");
    }
    Optional<String> model = string(ConfigKey.MODEL);
    boolean llm = executor == ExecutorKind.OLLAMA || executor == ExecutorKind.OPENAI;
    if (llm && model.isEmpty()) {
      throw missing(ConfigKey.MODEL, "--executor " + executor.name().toLowerCase(Locale.ROOT));
    }
    Optional<URI> llmUrl =
        url(ConfigKey.LLM_URL)
            .or(
                () ->
                    executor == ExecutorKind.OLLAMA
                        ? Optional.of(URI.create("http://127.0.0.1:11434"))
                        : Optional.empty());
    if (executor == ExecutorKind.OPENAI && llmUrl.isEmpty()) {
      throw missing(ConfigKey.LLM_URL, "--executor openai");
    }

    Duration poll =
        duration(ConfigKey.POLL_INTERVAL, Duration.ofSeconds(30), Duration.ofSeconds(1));
    Duration availability =
        duration(ConfigKey.AVAILABILITY_INTERVAL, Duration.ofSeconds(30), Duration.ofSeconds(1));
    Duration timeLimit =
        duration(ConfigKey.EXECUTOR_TIMEOUT, Duration.ofMinutes(10), Duration.ofSeconds(1));

    Topics.Profile topics = choice(ConfigKey.TOPICS, Topics.Profile.class, Topics.Profile.BZZZ);
    List<String> listen = list(ConfigKey.LISTEN);
    List<String> bootstrap = list(ConfigKey.BOOTSTRAP);
    for (ConfigKey k : List.of(ConfigKey.LISTEN, ConfigKey.BOOTSTRAP)) {
      for (String ma : list(k)) {
        if (!ma.startsWith("/")) {
          throw invalid(k, ma, "expected a multiaddr such as /ip4/127.0.0.1/tcp/4001");
        }
      }
    }

    String gitName = string(ConfigKey.GIT_NAME).orElse("bzzz agent " + name);
    String gitEmail = string(ConfigKey.GIT_EMAIL).orElse(name + "@agents.bzzz.invalid");
    if (!gitEmail.contains("@")) {
      throw invalid(ConfigKey.GIT_EMAIL, gitEmail, "expected an email address");
    }

    return new AgentConfig(
        name,
        dataDir,
        http,
        integer(ConfigKey.MAX_TASKS, 1, 1, 64),
        poll,
        availability,
        List.copyOf(new LinkedHashSet<>(list(ConfigKey.CAPABILITY))),
        string(ConfigKey.SPECIALIZATION).orElse("general"),
        new AgentConfig.GitIdentity(gitName, gitEmail),
        bool(ConfigKey.REPLICATE_LOGS, true),
        new AgentConfig.Tracker(trackerKind, trackerUrl, trackerToken, repos),
        new AgentConfig.Node(
            listen.isEmpty() ? List.of("/ip4/0.0.0.0/tcp/0") : listen,
            bootstrap,
            !bool(ConfigKey.NO_MDNS, false),
            topics),
        new AgentConfig.Execution(
            executor,
            command,
            new LinkedHashSet<>(list(ConfigKey.TRUSTED_AUTHOR)),
            timeLimit,
            integer(ConfigKey.OUTPUT_LIMIT, 256 * 1024, 1024, 64 * 1024 * 1024),
            choice(ConfigKey.SANDBOX, SandboxKind.class, SandboxKind.NONE),
            string(ConfigKey.CONTAINER_IMAGE).orElse("docker.io/library/alpine:3.20")),
        new AgentConfig.Llm(
            model,
            llmUrl,
            llmKey.map(this::secret),
            integer(ConfigKey.NUM_CTX, 8192, 512, 1 << 20),
            integer(ConfigKey.MAX_TURNS, 30, 1, 500)));
  }

  private Secret secret(TokenSource source) {
    return switch (source) {
      case TokenSource.Value v -> new Secret(v.value(), v.variable());
      case TokenSource.File f -> {
        try {
          if (Files.size(f.path()) > MAX_SECRET_BYTES) {
            throw new ConfigException(
                f.source() + ": " + f.path() + " is too large to be a token file");
          }
          String value = Files.readString(f.path(), StandardCharsets.UTF_8).strip();
          if (value.isEmpty()) {
            throw new ConfigException(f.source() + ": " + f.path() + " is empty");
          }
          yield new Secret(value, f.path().toString());
        } catch (IOException e) {
          throw new ConfigException(
              f.source() + ": cannot read " + f.path() + " (" + e.getClass().getSimpleName() + ")");
        }
      }
    };
  }

  private Optional<String> string(ConfigKey k) {
    return Optional.ofNullable(raw.get(k)).map(Raw::single).filter(s -> !s.isBlank());
  }

  private List<String> list(ConfigKey k) {
    return Optional.ofNullable(raw.get(k)).map(Raw::values).orElse(List.of());
  }

  private int integer(ConfigKey k, int fallback, int min, int max) {
    Optional<String> v = string(k);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.get().strip());
      if (n < min || n > max) {
        throw invalid(k, v.get(), "must be between " + min + " and " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw invalid(k, v.get(), "expected a whole number");
    }
  }

  private boolean bool(ConfigKey k, boolean fallback) {
    Optional<String> v = string(k);
    if (v.isEmpty()) {
      return fallback;
    }
    return switch (v.get().strip().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw invalid(k, v.get(), "expected true or false");
    };
  }

  private Duration duration(ConfigKey k, Duration fallback, Duration min) {
    Optional<String> v = string(k);
    if (v.isEmpty()) {
      return fallback;
    }
    Duration d =
        Durations.parse(v.get())
            .orElseThrow(() -> invalid(k, v.get(), "expected a duration such as 30s, 10m or 1h"));
    if (d.compareTo(min) < 0) {
      throw invalid(k, v.get(), "must be at least " + min.toSeconds() + "s");
    }
    return d;
  }

  private <E extends Enum<E>> E choice(ConfigKey k, Class<E> type, E fallback) {
    Optional<String> v = string(k);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, v.get().strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      String allowed =
          String.join(
              "|",
              Arrays.stream(type.getEnumConstants())
                  .map(c -> c.name().toLowerCase(Locale.ROOT))
                  .toList());
      throw invalid(k, v.get(), "expected one of " + allowed);
    }
  }

  private Optional<URI> url(ConfigKey k) {
    return string(k)
        .map(
            v -> {
              try {
                URI u = new URI(v.strip());
                if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
                    || u.getHost() == null) {
                  throw invalid(k, v, "expected an http:// or https:// URL");
                }
                if (u.getUserInfo() != null) {
                  throw new ConfigException(
                      describe(k) + ": do not put credentials in the URL; use a token file");
                }
                return u;
              } catch (URISyntaxException e) {
                throw invalid(k, v, "not a URL");
              }
            });
  }

  private String describe(ConfigKey k) {
    Raw r = raw.get(k);
    return k.yaml() + (r == null ? "" : " (from " + r.source() + ")");
  }

  private ConfigException invalid(ConfigKey k, String value, String why) {
    return new ConfigException(describe(k) + ": '" + value + "': " + why);
  }

  private static ConfigException missing(ConfigKey k, String neededBy) {
    return new ConfigException(
        k.yaml()
            + ": required by "
            + neededBy
            + "; set --"
            + k.flag()
            + ", "
            + k.env()
            + " or '"
            + k.yaml()
            + "' in bzzz.yaml");
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
