package io.bzzz.p2p.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.testing.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Predicate;

/** The js-libp2p peer of {@code interop/js-peer.mjs}, driven over stdin/stdout JSON lines. */
final class JsPeer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String ECHO = "/bzzz/echo/1.0.0";

  private final ChildProcess process;
  private final Multiaddr address;

  private JsPeer(ChildProcess process, Multiaddr address) {
    this.process = process;
    this.address = address;
  }

  static JsPeer start(String... flags) {
    return startScript("js-peer.mjs", flags);
  }

  /** Another peer script of {@code interop/} with the same protocol (listen lines, then ready). */
  static JsPeer startScript(String script, String... flags) {
    String[] args = new String[flags.length + 2];
    args[0] = "--listen";
    args[1] = "/ip4/127.0.0.1/tcp/0";
    System.arraycopy(flags, 0, args, 2, flags.length);
    ChildProcess process = ChildProcess.node(script, args);
    try {
      String listen = process.awaitLineStartingWith("listen ", Duration.ofSeconds(60));
      process.awaitLine("ready"::equals, Duration.ofSeconds(30));
      return new JsPeer(process, Multiaddr.parse(listen.substring("listen ".length())));
    } catch (RuntimeException | AssertionError e) {
      process.close();
      throw e;
    }
  }

  Multiaddr address() {
    return address;
  }

  PeerId peerId() {
    return address.peerId().orElseThrow();
  }

  /** Sends a command and returns its JSON reply (other lines, e.g. events, are skipped). */
  JsonNode command(String line, Duration timeout) {
    String cmd = line.split(" ")[0];
    process.writeLine(line);
    return awaitJson(j -> cmd.equals(j.path("cmd").asText()), timeout);
  }

  JsonNode awaitEvent(String event, String peer, Duration timeout) {
    return awaitJson(
        j -> event.equals(j.path("event").asText()) && peer.equals(j.path("peer").asText()),
        timeout);
  }

  private JsonNode awaitJson(Predicate<JsonNode> match, Duration timeout) {
    String line = process.awaitLine(l -> l.startsWith("{") && match.test(parse(l)), timeout);
    return parse(line);
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String describe() {
    return process.describe();
  }

  @Override
  public void close() {
    process.close();
  }
}
