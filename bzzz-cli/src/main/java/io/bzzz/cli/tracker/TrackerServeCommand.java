package io.bzzz.cli.tracker;

import io.bzzz.cli.common.CliFailure;
import io.bzzz.cli.common.SecretFileWarning;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bzzz tracker serve --listen HOST:PORT --data D}: runs the local tracker until SIGTERM or
 * SIGINT, printing its base URL as the one stdout line once it listens.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the local tracker: Gitea API v1 at /api/v1, git smart HTTP at /OWNER/REPO.git.",
      "Prints the base URL on stdout once listening; the first start writes D/admin.token."
    })
public final class TrackerServeCommand implements Callable<Integer> {

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:3000",
      description = "Address to listen on; port 0 picks a free port (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = {"--data", "--data-dir"},
      paramLabel = "D",
      description = "Data directory (default: $BZZZ_HOME/tracker, else ~/.bzzz/tracker).")
  Path data;

  @Option(
      names = "--public-url",
      paramLabel = "URL",
      description = "Base URL clients use, when it is not http://HOST:PORT.")
  String publicUrl;

  @Option(
      names = "--max-body-bytes",
      paramLabel = "N",
      defaultValue = "1048576",
      description = "Largest API request body (default: ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description = {
        "A token (32+ characters, e.g. a container secret) the admin user accepts too;",
        "agents given the same file can start before the tracker first runs."
      })
  Path adminTokenFile;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    HostPort hp = HostPort.parse(listen);
    LocalTrackerConfig config =
        LocalTrackerConfig.of(dataDir())
            .withListen(hp.host(), hp.port())
            .withMaxBodyBytes(maxBodyBytes);
    if (publicUrl != null) {
      config = config.withPublicUrl(publicUrl);
    }
    if (adminTokenFile != null) {
      SecretFileWarning.check(
          adminTokenFile, "admin token file", spec.qualifiedName(), spec.commandLine().getErr());
      config = config.withAdminTokenFile(adminTokenFile);
    }
    LocalTracker tracker;
    try {
      tracker = LocalTracker.start(config);
    } catch (IOException e) {
      throw new CliFailure(e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  tracker.close();
                  stopped.countDown();
                  // A signal ends the JVM with 128+n; a clean stop on SIGTERM is a success.
                  Runtime.getRuntime().halt(0);
                },
                "tracker-shutdown"));
    System.out.println(tracker.baseUrl());
    System.out.flush();
    stopped.await();
    return 0;
  }

  private Path dataDir() {
    if (data != null) {
      return data;
    }
    String home = System.getenv("BZZZ_HOME");
    Path base =
        home != null && !home.isBlank()
            ? Path.of(home)
            : Path.of(System.getProperty("user.home"), ".bzzz");
    return base.resolve("tracker");
  }

  /** {@code HOST:PORT}, {@code [V6]:PORT} or {@code :PORT} (all interfaces). */
  record HostPort(String host, int port) {
    static HostPort parse(String s) {
      int colon = s.lastIndexOf(':');
      if (colon < 0) {
        throw new CliFailure("--listen wants HOST:PORT, got " + s, 2);
      }
      String host = s.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      if (host.isEmpty()) {
        host = "0.0.0.0";
      }
      try {
        int port = Integer.parseInt(s.substring(colon + 1));
        if (port < 0 || port > 65535) {
          throw new NumberFormatException();
        }
        return new HostPort(host, port);
      } catch (NumberFormatException e) {
        throw new CliFailure("--listen has an invalid port: " + s, 2);
      }
    }
  }
}
