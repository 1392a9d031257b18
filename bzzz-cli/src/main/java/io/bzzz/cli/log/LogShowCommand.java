package io.bzzz.cli.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.cli.common.CliFailure;
import io.bzzz.log.SignedLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Print the entries from index N on.",
      "With --json, one object per line: a JSON entry with \"index\" added, else {\"index\",\"value\"}."
    })
final class LogShowCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--dir", paramLabel = "D", required = true, description = "Log directory.")
  Path dir;

  @Option(
      names = "--from",
      paramLabel = "N",
      defaultValue = "0",
      description = "First index (default 0).")
  long from;

  @Option(names = "--json", description = "One JSON object per line.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (from < 0) {
      throw new CliFailure("--from must not be negative", 2);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (SignedLog log = LogDirs.openForReading(dir)) {
      for (long i = from; i < log.length(); i++) {
        byte[] block = log.get(i);
        out.println(
            json ? jsonLine(i, block) : i + "\t" + new String(block, StandardCharsets.UTF_8));
      }
    }
    return 0;
  }

  private static String jsonLine(long index, byte[] block) throws IOException {
    ObjectNode line = JSON.createObjectNode();
    line.put("index", index);
    JsonNode parsed = null;
    try {
      parsed = JSON.readTree(block);
    } catch (IOException notJson) {
      // shown as text below
    }
    if (parsed != null && parsed.isObject() && !parsed.has("index")) {
      line.setAll((ObjectNode) parsed);
    } else {
      line.put("value", new String(block, StandardCharsets.UTF_8));
    }
    return JSON.writeValueAsString(line);
  }
}
