package io.bzzz.agent.config;

import java.time.Duration;
import java.time.InstantSource;

/** How credential helpers run: how long an answer is used, how long a run may take. */
record HelperSettings(
    Duration tokenTtl, Duration llmKeyTtl, Duration timeout, InstantSource clock) {

  Duration ttl(ConfigKey key) {
    return key == ConfigKey.LLM_KEY_TTL ? llmKeyTtl : tokenTtl;
  }
}
