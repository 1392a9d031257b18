package io.bzzz.cli.testing;

import io.bzzz.testing.ChildProcess;
import io.bzzz.testing.RepoRoot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the real {@code bzzz} CLI as a child process on the test classpath (no jar needed). */
public final class BzzzCli {
  private BzzzCli() {}

  public static ChildProcess start(String... args) {
    return start(Map.of(), args);
  }

  public static ChildProcess start(Map<String, String> env, String... args) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.bzzz.cli.Bzzz");
    cmd.addAll(List.of(args));
    return ChildProcess.start("bzzz " + String.join(" ", args), RepoRoot.path(), env, cmd);
  }
}
