package io.bzzz.cli.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.log.SignedLog;
import io.bzzz.log.sign.SignedHead;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = "Print the key, discovery key, length, byte length, tree hash and signature.")
final class LogInfoCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--dir", paramLabel = "D", required = true, description = "Log directory.")
  Path dir;

  @Option(names = "--json", description = "One JSON object (DESIGN §7).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    HexFormat hex = HexFormat.of();
    try (SignedLog log = LogDirs.openForReading(dir)) {
      SignedHead head = log.head();
      ObjectNode out = new ObjectMapper().createObjectNode();
      out.put("key", hex.formatHex(log.key()));
      out.put("discovery_key", hex.formatHex(log.discoveryKey()));
      out.put("length", head.length());
      out.put("byte_length", head.byteLength());
      out.put("tree_hash", hex.formatHex(head.treeHash()));
      if (head.length() == 0) {
        out.putNull("signature");
      } else {
        out.put("signature", hex.formatHex(head.signature()));
      }
      PrintWriter w = spec.commandLine().getOut();
      if (json) {
        w.println(new ObjectMapper().writeValueAsString(out));
      } else {
        out.properties().forEach(e -> w.println(e.getKey() + ": " + e.getValue().asText()));
        w.println("mode: " + log.identity().mode().name().toLowerCase(java.util.Locale.ROOT));
        w.println("writable: " + log.writable());
      }
    }
    return 0;
  }
}
