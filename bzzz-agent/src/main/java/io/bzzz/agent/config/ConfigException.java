package io.bzzz.agent.config;

/** Invalid configuration; the message names the field, where its value came from, and why. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
