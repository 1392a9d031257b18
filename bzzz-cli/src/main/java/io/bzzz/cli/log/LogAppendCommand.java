package io.bzzz.cli.log;

import io.bzzz.log.SignedLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "append",
    mixinStandardHelpOptions = true,
    description = "Append each line of F (or stdin) as one block; prints the new length.")
final class LogAppendCommand implements Callable<Integer> {
  /** Lines already available are signed together, up to this many per signature. */
  private static final int MAX_BATCH = 1000;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--dir", paramLabel = "D", required = true, description = "Log directory.")
  Path dir;

  @Option(
      names = "--file",
      paramLabel = "F",
      description = "File to read lines from (default: stdin).")
  Path file;

  @Override
  public Integer call() throws IOException {
    try (SignedLog log = LogDirs.open(dir);
        BufferedReader in =
            file == null
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      List<byte[]> batch = new ArrayList<>();
      String line;
      while ((line = in.readLine()) != null) {
        batch.add(line.getBytes(StandardCharsets.UTF_8));
        if (batch.size() >= MAX_BATCH || !in.ready()) {
          log.append(batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        log.append(batch);
      }
      spec.commandLine().getOut().println(log.length());
    }
    return 0;
  }
}
