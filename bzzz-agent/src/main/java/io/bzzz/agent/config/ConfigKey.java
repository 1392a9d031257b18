package io.bzzz.agent.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every agent option, once: its flag ({@code --poll-interval}), its key in {@code bzzz.yaml}
 * ({@code poll_interval}) and its environment variable ({@code BZZZ_POLL_INTERVAL}). Repeatable
 * options take a YAML list, a comma-separated variable, or the flag several times.
 */
public enum ConfigKey {
  NAME("name", "name", false),
  DATA_DIR("data-dir", "data_dir", false),
  HTTP("http", "http", false),
  TRACKER("tracker", "tracker", false),
  TRACKER_URL("tracker-url", "tracker_url", false),
  TOKEN_FILE("token-file", "token_file", false),
  TOKEN_COMMAND("token-command", "token_command", false),
  TOKEN_TTL("token-ttl", "token_ttl", false),
  REPO("repo", "repos", true),
  EXECUTOR("executor", "executor", false),
  COMMAND("command", "command", false),
  COMMAND_ARG("command-arg", "command_args", true),
  MODEL("model", "model", false),
  LLM_URL("llm-url", "llm_url", false),
  LLM_KEY_FILE("llm-key-file", "llm_key_file", false),
  LLM_KEY_COMMAND("llm-key-command", "llm_key_command", false),
  LLM_KEY_TTL("llm-key-ttl", "llm_key_ttl", false),
  NUM_CTX("num-ctx", "num_ctx", false),
  MAX_TURNS("max-turns", "max_turns", false),
  MAX_TASKS("max-tasks", "max_tasks", false),
  POLL_INTERVAL("poll-interval", "poll_interval", false),
  AVAILABILITY_INTERVAL("availability-interval", "availability_interval", false),
  CAPABILITY_INTERVAL("capability-interval", "capability_interval", false),
  TRUSTED_AUTHOR("trusted-author", "trusted_authors", true),
  TOPICS("topics", "topics", false),
  LISTEN("listen", "listen", true),
  BOOTSTRAP("bootstrap", "bootstrap", true),
  NO_MDNS("no-mdns", "no_mdns", false),
  DNS_DISCOVERY("dns-discovery", "dns_discovery", true),
  DNS_DISCOVERY_PORT("dns-discovery-port", "dns_discovery_port", false),
  BOOTSTRAP_URL("bootstrap-url", "bootstrap_url", true),
  PSK("psk", "psk", false),
  ALLOW_PEER("allow-peer", "allow_peers", true),
  CAPABILITY("capability", "capabilities", true),
  SPECIALIZATION("specialization", "specialization", false),
  SANDBOX("sandbox", "sandbox", false),
  CONTAINER_IMAGE("container-image", "container_image", false),
  CONTAINER_RUNTIME("container-runtime", "container_runtime", false),
  EXECUTOR_TIMEOUT("executor-timeout", "executor_timeout", false),
  OUTPUT_LIMIT("output-limit", "output_limit", false),
  GIT_NAME("git-name", "git_name", false),
  GIT_EMAIL("git-email", "git_email", false),
  REPLICATE_LOGS("replicate-logs", "replicate_logs", false),
  RUN_ALONE("run-alone", "run_alone", false),
  WEBHOOK_SECRET_FILE("webhook-secret-file", "webhook_secret_file", false),
  COUNCIL_ROLES("council-roles", "council_roles", false),
  COUNCIL_DEADLINE("council-deadline", "council_deadline", false),
  COUNCIL_GRACE("council-grace", "council_grace", false),
  COUNCIL_MAX_ROLES("council-max-roles", "council_max_roles", false),
  DISCUSS_LABEL("discuss-label", "discuss_label", false),
  DISCUSS_PLANS("discuss-plans", "discuss_plans", false),
  DISCUSSION_WINDOW("discussion-window", "discussion_window", false),
  OBJECT_WHEN("object-when", "object_when", true),
  // the review loop (docs/review.md)
  REVIEW_HANDLE("review-handle", "review_handle", false),
  REVIEW_MAX_ROUNDS("review-max-rounds", "review_max_rounds", false),
  REVIEW_GRACE("review-grace", "review_grace", false),
  REVIEW_AGENT_USER("review-agent-user", "review_agent_users", true),
  NO_REVIEW("no-review", "no_review", false),
  AUCTION("auction", "auction", false),
  AUCTION_WINDOW("auction-window", "auction_window", false),
  AUCTION_CLAIM_TIMEOUT("auction-claim-timeout", "auction_claim_timeout", false),
  AUCTION_MIN_MATCH("auction-min-match", "auction_min_match", false),
  AUCTION_WEIGHTS("auction-weights", "auction_weights", false),
  // work stealing (docs/scheduling.md#work-stealing)
  STEAL("steal", "steal", false),
  STEAL_SUSTAIN("steal-sustain", "steal_sustain", false),
  STEAL_WINDOW("steal-window", "steal_window", false);

  private final String flag;
  private final String yaml;
  private final boolean repeatable;

  ConfigKey(String flag, String yaml, boolean repeatable) {
    this.flag = flag;
    this.yaml = yaml;
    this.repeatable = repeatable;
  }

  /** The flag's name without dashes: {@code poll-interval}. */
  public String flag() {
    return flag;
  }

  public String yaml() {
    return yaml;
  }

  public String env() {
    return "BZZZ_" + flag.replace('-', '_').toUpperCase(Locale.ROOT);
  }

  public boolean repeatable() {
    return repeatable;
  }

  public static Optional<ConfigKey> byFlag(String flag) {
    return Arrays.stream(values()).filter(k -> k.flag.equals(flag)).findFirst();
  }

  public static Optional<ConfigKey> byYaml(String key) {
    return Arrays.stream(values()).filter(k -> k.yaml.equals(key)).findFirst();
  }
}
