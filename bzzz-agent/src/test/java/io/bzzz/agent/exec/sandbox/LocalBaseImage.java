package io.bzzz.agent.exec.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A minimal Debian image for real-engine tests, built once per machine without a registry: {@code
 * debootstrap --variant=minbase bookworm} from the machine's own Debian mirror, then {@code tar |
 * podman import}. Kept under {@link #NAME} and rebuilt only when missing. Without podman, runc or
 * debootstrap the tests fail in CI ({@code CI=true}) and are skipped elsewhere, each with the
 * reason.
 */
final class LocalBaseImage {
  static final String NAME = "localhost/bzzz-test-bookworm:1";
  private static final String FALLBACK_MIRROR = "http://deb.debian.org/debian";
  private static final Path LOCK =
      Path.of(System.getProperty("java.io.tmpdir"), "bzzz-test-image.lock");

  private LocalBaseImage() {}

  /** The image's name, after building it if it is missing. */
  static String ensure() throws IOException, InterruptedException {
    List<String> missing =
        Stream.of("podman", "runc", "debootstrap", "tar")
            .filter(tool -> onPath(tool).isEmpty())
            .toList();
    if (!missing.isEmpty()) {
      unavailable(
          "real-engine sandbox tests need "
              + String.join(", ", missing)
              + " (apt-get install podman runc debootstrap; .ci/run installs them)");
    }
    try (FileChannel ch =
            FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = ch.lock()) {
      if (run(List.of("podman", "image", "exists", NAME), Duration.ofMinutes(1)) == 0) {
        return NAME;
      }
      build();
      return NAME;
    }
  }

  private static void build() throws IOException, InterruptedException {
    Instant start = Instant.now();
    Path root = Files.createTempDirectory("bzzz-test-rootfs-");
    try {
      String mirror = mirror();
      int debootstrap =
          run(
              List.of(
                  onPath("debootstrap").orElseThrow().toString(),
                  "--variant=minbase",
                  "bookworm",
                  root.toString(),
                  mirror),
              Duration.ofMinutes(20));
      if (debootstrap != 0) {
        unavailable("debootstrap from " + mirror + " failed (exit " + debootstrap + ")");
      }
      List<Process> pipe =
          ProcessBuilder.startPipeline(
              List.of(
                  new ProcessBuilder("tar", "-C", root.toString(), "-c", ".")
                      .redirectError(ProcessBuilder.Redirect.INHERIT),
                  new ProcessBuilder("podman", "import", "-", NAME)
                      .redirectErrorStream(true)
                      .redirectOutput(ProcessBuilder.Redirect.DISCARD)));
      for (Process p : pipe) {
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
          unavailable("tar | podman import " + NAME + " failed: " + p.info().command().orElse("?"));
        }
      }
      System.err.printf(
          "LocalBaseImage: built %s from %s in %d s%n",
          NAME, mirror, Duration.between(start, Instant.now()).toSeconds());
    } finally {
      run(List.of("rm", "-rf", "--one-file-system", root.toString()), Duration.ofMinutes(5));
    }
  }

  /** The first Debian bookworm mirror in the apt sources (deb822 or one-line), else the default. */
  static String mirror() throws IOException {
    List<Path> files = new ArrayList<>();
    Path list = Path.of("/etc/apt/sources.list");
    if (Files.isRegularFile(list)) {
      files.add(list);
    }
    Path dir = Path.of("/etc/apt/sources.list.d");
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> p.toString().endsWith(".list") || p.toString().endsWith(".sources"))
            .sorted()
            .forEach(files::add);
      }
    }
    for (Path f : files) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        String t = line.strip();
        String uri = null;
        if (t.startsWith("URIs:")) {
          uri = t.substring(5).strip().split("\\s+")[0];
        } else if (t.startsWith("deb ") && t.contains(" bookworm")) {
          uri = t.replaceAll("\\[[^]]*]", "").split("\\s+")[1];
        }
        if (uri != null && uri.matches("https?://\\S+/debian/?")) {
          return uri;
        }
      }
    }
    return FALLBACK_MIRROR;
  }

  private static Optional<Path> onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      for (String dir : List.of(d, "/usr/sbin", "/sbin")) {
        Path p = Path.of(dir.isEmpty() ? "." : dir, tool);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** Fails in CI, where the tools are installed by .ci/run; skips with the reason elsewhere. */
  private static void unavailable(String reason) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(reason);
    }
    Assumptions.abort(reason);
  }

  private static int run(List<String> command, Duration limit)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (OutputStream sink = OutputStream.nullOutputStream()) {
      p.getInputStream().transferTo(sink);
    }
    if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
