package io.bzzz.cli.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.cli.common.CliFailure;
import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.host.MeshAccess;
import io.bzzz.p2p.node.RejoinConfig;
import io.bzzz.p2p.security.pnet.SwarmKey;
import io.bzzz.testing.ChildProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --bootstrap-url}, {@code --psk} and {@code --allow-peer} of the node commands. */
class NodeMeshOptionsTest {
  @TempDir Path dir;

  private static NodeCommand parse(String... args) {
    NodeCommand command = new NodeCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  private Path key(String mode) throws Exception {
    Path file = dir.resolve("swarm.key");
    Files.writeString(file, SwarmKey.format(new byte[32]));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  @Test
  void bootstrapUrlsAndThePeerCacheInTheDataDirectory() {
    NodeCommand command =
        parse(
            "--bootstrap-url",
            "http://10.0.0.5:8080/api/v1/bootstrap-peers",
            "--bootstrap-url",
            "https://seed/api/v1/bootstrap-peers");
    RejoinConfig rejoin = NodeFactory.rejoin(command.node, dir);
    assertThat(rejoin.bootstrapUrls())
        .containsExactly(
            URI.create("http://10.0.0.5:8080/api/v1/bootstrap-peers"),
            URI.create("https://seed/api/v1/bootstrap-peers"));
    assertThat(rejoin.peerCache()).contains(dir.resolve("peers.json"));
    assertThatThrownBy(() -> NodeFactory.rejoin(parse("--bootstrap-url", "seed:8080").node, dir))
        .isInstanceOf(CliFailure.class)
        .hasMessageStartingWith("--bootstrap-url: expected http://HOST:PORT/");
  }

  @Test
  void pskAndAllowList() throws Exception {
    String friend = PrivateKey.generate().peerId().toString();
    MeshAccess access =
        NodeFactory.access(
            parse("--psk", key("rw-------").toString(), "--allow-peer", friend).node);
    assertThat(access.swarmKey()).isPresent();
    assertThat(access.allowedPeers()).extracting(Object::toString).containsExactly(friend);
    assertThat(NodeFactory.access(parse().node)).isEqualTo(MeshAccess.open());
    assertThatThrownBy(() -> NodeFactory.access(parse("--allow-peer", "bob").node))
        .isInstanceOf(CliFailure.class)
        .hasMessage("--allow-peer: not a peer id: bob");
  }

  @Test
  void theRealCommandRefusesAKeyOthersCanReadInOneLine() throws Exception {
    Path file = key("rw-r--r--");
    try (ChildProcess p =
        BzzzCli.start(
            "node",
            "--data-dir",
            dir.resolve("data").toString(),
            "--no-mdns",
            "--psk",
            file.toString())) {
      assertThat(p.awaitExit(Duration.ofSeconds(90))).as(p.describe()).isEqualTo(2);
      assertThat(p.stdoutLines()).isEmpty();
      assertThat(p.stderrLines())
          .containsExactly(
              "bzzz node: swarm key "
                  + file
                  + " is accessible by others (mode 0644); refusing to use it: run 'chmod 600 "
                  + file
                  + "'");
    }
  }
}
