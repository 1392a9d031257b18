package io.bzzz.p2p.pubsub.host;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.testing.ChildProcess;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A js-libp2p gossipsub peer ({@code interop/gossip-peer.mjs}) driven over stdin/stdout. */
final class JsGossipPeer implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final ChildProcess process;
  private final PeerId peerId;
  private final Multiaddr address;

  JsGossipPeer() {
    process = ChildProcess.node("gossip-peer.mjs");
    String listening = process.awaitLine(l -> l.contains("\"event\":\"listening\""), TIMEOUT);
    peerId = PeerId.parse(field(listening, "peerId").orElseThrow());
    Matcher m = Pattern.compile("\"addrs\":\\[\"([^\"]+)\"").matcher(listening);
    if (!m.find()) {
      throw new AssertionError("no address in " + listening);
    }
    address = Multiaddr.parse(m.group(1));
  }

  PeerId peerId() {
    return peerId;
  }

  Multiaddr address() {
    return address;
  }

  /** Runs a command and waits for its {@code ok}. */
  void command(String line) {
    String cmd = line.split(" ")[0];
    process.writeLine(line);
    String reply =
        process.awaitLine(
            l -> l.contains("\"cmd\":\"" + cmd + "\"") && !l.contains("\"event\":\"message\""),
            TIMEOUT);
    if (!reply.contains("\"event\":\"ok\"")) {
      throw new AssertionError("js peer: " + line + " failed: " + reply + process.describe());
    }
  }

  /** The peers js sees in {@code topic} (from its {@code peers} command). */
  List<String> topicPeers(String topic) {
    process.writeLine("peers " + topic);
    String reply = process.awaitLine(l -> l.contains("\"event\":\"peers\""), TIMEOUT);
    Matcher m = Pattern.compile("\"peers\":\\[([^\\]]*)\\]").matcher(reply);
    if (!m.find() || m.group(1).isEmpty()) {
      return List.of();
    }
    return List.of(m.group(1).replace("\"", "").split(","));
  }

  /** Waits for a received message whose data equals {@code data}; returns its JSON line. */
  String awaitMessage(String data) {
    return process.awaitLine(
        l -> l.contains("\"event\":\"message\"") && l.contains("\"data\":\"" + data + "\""),
        TIMEOUT);
  }

  List<String> stdout() {
    return process.stdoutLines();
  }

  static Optional<String> field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  @Override
  public void close() {
    process.close();
  }
}
