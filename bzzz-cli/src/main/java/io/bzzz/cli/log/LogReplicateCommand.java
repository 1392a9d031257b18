package io.bzzz.cli.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.cli.common.BzzzVersion;
import io.bzzz.cli.common.CliFailure;
import io.bzzz.cli.common.DataDirOption;
import io.bzzz.log.VerificationException;
import io.bzzz.log.replication.LogRegistry;
import io.bzzz.log.replication.LogReplicationService;
import io.bzzz.log.replication.ReplicationResult;
import io.bzzz.p2p.crypto.IdentityFile;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.host.BasicHost;
import io.bzzz.p2p.host.HostConfig;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.wire.MalformedInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "replicate",
    mixinStandardHelpOptions = true,
    description = {
      "Fetch another peer's log over /bzzz/log/1.0.0 into D, verifying every block and the"
          + " signature before storing.",
      "Prints {\"key\",\"from_length\",\"length\",\"blocks\",\"bytes\"}; with --live, one"
          + " {\"length\"} line per verified update until SIGTERM or the peer leaves."
    })
final class LogReplicateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin DataDirOption dataDir;

  @Option(
      names = "--key",
      paramLabel = "K",
      required = true,
      description = "The log's key (64 hex digits).")
  String key;

  @Option(
      names = "--from",
      paramLabel = "MA",
      required = true,
      description = "Multiaddr of a peer holding the log (with /p2p/<id>).")
  String from;

  @Option(
      names = "--dir",
      paramLabel = "D",
      required = true,
      description = "Replica directory (created when absent).")
  Path dir;

  @Option(names = "--live", description = "Keep following appends.")
  boolean live;

  @Override
  public Integer call() throws IOException {
    if (!key.matches("[0-9a-fA-F]{64}")) {
      throw new CliFailure("--key must be 64 hex digits", 2);
    }
    byte[] logKey = HexFormat.of().parseHex(key);
    Multiaddr peer;
    try {
      peer = Multiaddr.parse(from);
    } catch (MalformedInputException e) {
      throw new CliFailure("invalid multiaddr: " + e.getMessage(), 2);
    }
    PrivateKey identity = IdentityFile.loadOrCreate(dataDir.dataDir());
    HostConfig config =
        HostConfig.builder(identity)
            .agentVersion("bzzz/" + BzzzVersion.version())
            .dialTimeout(Duration.ofSeconds(20))
            .build();
    PrintWriter out = spec.commandLine().getOut();
    ObjectMapper json = new ObjectMapper();
    try (BasicHost host = BasicHost.start(config);
        LogReplicationService service = new LogReplicationService(host, new LogRegistry())) {
      Runtime.getRuntime().addShutdownHook(new Thread(host::close, "bzzz-log-replicate-shutdown"));
      ReplicationResult result =
          service.replicate(
              logKey,
              peer,
              dir,
              live,
              length -> {
                if (live) {
                  out.println("{\"length\":" + length + "}");
                  out.flush();
                }
              });
      ObjectNode line = json.createObjectNode();
      line.put("key", HexFormat.of().formatHex(logKey));
      line.put("from_length", result.fromLength());
      line.put("length", result.toLength());
      line.put("blocks", result.blocks());
      line.put("bytes", result.bytes());
      out.println(json.writeValueAsString(line));
    } catch (VerificationException e) {
      throw new CliFailure("rejected: " + e.getMessage());
    } catch (IOException e) {
      throw new CliFailure("replication from " + from + " failed: " + e.getMessage());
    }
    return 0;
  }
}
