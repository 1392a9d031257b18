package io.bzzz.cli.common;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of every command that runs a node (DESIGN §7). */
public final class NodeOptions {

  public static final String DEFAULT_LISTEN = "/ip4/0.0.0.0/tcp/0";

  @Option(
      names = "--listen",
      paramLabel = "MA",
      description = "Listen multiaddr (repeatable; default " + DEFAULT_LISTEN + ").")
  List<String> listen = new ArrayList<>();

  @Option(names = "--bootstrap", paramLabel = "MA", description = "Bootstrap peer (repeatable).")
  List<String> bootstrap = new ArrayList<>();

  @Option(names = "--no-mdns", description = "Do not discover or announce peers by mDNS.")
  boolean noMdns;

  public List<String> listen() {
    return listen.isEmpty() ? List.of(DEFAULT_LISTEN) : List.copyOf(listen);
  }

  public List<String> bootstrap() {
    return List.copyOf(bootstrap);
  }

  public boolean mdns() {
    return !noMdns;
  }
}
