package io.bzzz.agent.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.agent.exec.ProcessOutcome;
import io.bzzz.agent.exec.ProcessRunner;
import io.bzzz.agent.exec.ProcessSpec;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out what this machine offers: cores and memory from the JVM, GPUs from {@code nvidia-smi}
 * when it is on the PATH, models from Ollama's {@code GET /api/tags} when it answers within a short
 * timeout, and well-known tools on the PATH. Every probe failing just means "not here".
 */
public final class CapabilityDetector {
  private static final Logger log = LoggerFactory.getLogger(CapabilityDetector.class);
  public static final List<String> TOOLS =
      List.of("git", "docker", "podman", "python3", "node", "go", "cargo", "mvn");
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  private static final int MAX_MODELS = 256;

  private final ProcessRunner runner;
  private final HttpClient http;
  private final String path;
  private final Optional<URI> ollama;
  private final List<String> configured;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param path the PATH to search (the agent's own)
   * @param ollama Ollama's base URL, when one may be running
   */
  public CapabilityDetector(
      ProcessRunner runner,
      HttpClient http,
      String path,
      Optional<URI> ollama,
      List<String> configured) {
    this.runner = runner;
    this.http = http;
    this.path = path;
    this.ollama = ollama;
    this.configured = List.copyOf(configured);
  }

  public Capabilities detect() throws InterruptedException {
    int cores = Runtime.getRuntime().availableProcessors();
    long memory = totalMemory();
    List<String> tools = TOOLS.stream().filter(t -> onPath(t).isPresent()).toList();
    List<Gpu> gpus = gpus();
    List<String> models = ollama.map(this::models).orElse(List.of());
    return new Capabilities(cores, memory, gpus, models, tools, configured);
  }

  /** The executable called {@code name} in the first PATH directory holding one. */
  public Optional<Path> onPath(String name) {
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static long totalMemory() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return Runtime.getRuntime().maxMemory();
  }

  private List<Gpu> gpus() throws InterruptedException {
    Optional<Path> smi = onPath("nvidia-smi");
    if (smi.isEmpty()) {
      return List.of();
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(smi.get().toString());
    cmd.addAll(NvidiaSmi.QUERY);
    try {
      ProcessOutcome out =
          runner.run(
              ProcessSpec.of(cmd, Path.of(System.getProperty("java.io.tmpdir")))
                  .withLimits(Duration.ofSeconds(10), 64 * 1024));
      if (!out.succeeded()) {
        log.atInfo().addKeyValue("exit", out.exitCode()).log("nvidia-smi failed; no GPU counted");
        return List.of();
      }
      return NvidiaSmi.parse(out.output());
    } catch (IOException e) {
      return List.of();
    }
  }

  private List<String> models(URI base) {
    HttpRequest req =
        HttpRequest.newBuilder(base.resolve("/api/tags")).timeout(PROBE_TIMEOUT).GET().build();
    try {
      HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      if (resp.statusCode() != 200 || resp.body().length > (4 << 20)) {
        return List.of();
      }
      return parseTags(json.readTree(resp.body()));
    } catch (IOException e) {
      log.atDebug().addKeyValue("url", base).log("ollama not reachable; no models counted");
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  /** {@code {"models":[{"name":"llama3.1:latest", ...}]}}. */
  static List<String> parseTags(JsonNode root) {
    List<String> names = new ArrayList<>();
    for (JsonNode m : root.path("models")) {
      String name = m.path("name").asText(m.path("model").asText(""));
      if (!name.isBlank() && names.size() < MAX_MODELS) {
        names.add(name);
      }
    }
    return names.stream().sorted().distinct().toList();
  }
}
