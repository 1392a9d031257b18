package io.bzzz.agent.config;

/** {@code HOST:PORT} for the HTTP API; an IPv6 host is written in brackets. */
public record HostPort(String host, int port) {
  public HostPort {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** Parses {@code HOST:PORT}; empty when malformed. */
  public static java.util.Optional<HostPort> parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      return java.util.Optional.empty();
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      return java.util.Optional.empty();
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      return port < 0 || port > 65535
          ? java.util.Optional.empty()
          : java.util.Optional.of(new HostPort(host, port));
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
