package io.bzzz.agent.capability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.bzzz.agent.exec.ProcessRunner;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapabilityDetectorTest {
  @TempDir Path tmp;
  Path bin;
  final HttpClient http = HttpClient.newHttpClient();
  HttpServer ollama;

  @BeforeEach
  void setUp() throws Exception {
    bin = Files.createDirectory(tmp.resolve("bin"));
  }

  @AfterEach
  void tearDown() {
    if (ollama != null) {
      ollama.stop(0);
    }
    http.close();
  }

  void executable(String name, String script) throws Exception {
    Path p = bin.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  URI fakeOllama(int status, String body) throws Exception {
    ollama = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ollama.createContext(
        "/api/tags",
        ex -> {
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(status, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    ollama.start();
    return URI.create("http://127.0.0.1:" + ollama.getAddress().getPort());
  }

  CapabilityDetector detector(Optional<URI> ollamaUrl, List<String> configured) {
    return new CapabilityDetector(
        new ProcessRunner(), http, bin + ":" + tmp.resolve("missing-dir"), ollamaUrl, configured);
  }

  @Test
  void findsExecutableToolsOnThePathOnly() throws Exception {
    executable("git", "exit 0");
    executable("node", "exit 0");
    Files.writeString(bin.resolve("docker"), "not executable");

    Capabilities c = detector(Optional.empty(), List.of("rust-expert")).detect();

    assertThat(c.tools()).containsExactly("git", "node");
    assertThat(c.names()).containsExactly("git", "node", "rust-expert");
    assertThat(c.cores()).isPositive();
    assertThat(c.memoryBytes()).isGreaterThan(1L << 20);
    assertThat(c.gpus()).isEmpty();
  }

  @Test
  void readsGpusFromNvidiaSmi() throws Exception {
    executable(
        "nvidia-smi",
        """
        test "$1" = "--query-gpu=name,memory.total" || exit 9
        echo "NVIDIA GeForce RTX 3090, 24576"
        echo "NVIDIA A100-SXM4-80GB, 81920"
        """);

    Capabilities c = detector(Optional.empty(), List.of()).detect();

    assertThat(c.gpus())
        .containsExactly(
            new Gpu("NVIDIA GeForce RTX 3090", 24576), new Gpu("NVIDIA A100-SXM4-80GB", 81920));
    assertThat(c.names()).contains("gpu");
  }

  @Test
  void aFailingNvidiaSmiMeansNoGpu() throws Exception {
    executable("nvidia-smi", "echo 'NVIDIA-SMI has failed' >&2; exit 9");
    assertThat(detector(Optional.empty(), List.of()).detect().gpus()).isEmpty();
  }

  @Test
  void parsesNvidiaSmiOutput() {
    assertThat(NvidiaSmi.parse("Tesla T4, 15360\r\n\ngarbage\nGPU X, [N/A]\n, 5\n"))
        .containsExactly(new Gpu("Tesla T4", 15360), new Gpu("GPU X", 0));
  }

  @Test
  void listsOllamaModelsWhenReachable() throws Exception {
    URI url =
        fakeOllama(
            200,
            """
            {"models":[
              {"name":"llama3.1:latest","model":"llama3.1:latest","size":4920753328,
               "digest":"46e0c10c039e","details":{"family":"llama"}},
              {"name":"qwen2.5-coder:7b","model":"qwen2.5-coder:7b","size":1}]}
            """);

    Capabilities c = detector(Optional.of(url), List.of()).detect();

    assertThat(c.models()).containsExactly("llama3.1:latest", "qwen2.5-coder:7b");
    assertThat(c.names()).contains("ollama");
    assertThat(c.hasModel("llama3.1")).isTrue();
    assertThat(c.hasModel("qwen2.5-coder:7b")).isTrue();
    assertThat(c.hasModel("qwen2.5-coder")).isFalse();
  }

  @Test
  void anUnreachableOrFailingOllamaMeansNoModels() throws Exception {
    URI url = fakeOllama(500, "{\"error\":\"boom\"}");
    assertThat(detector(Optional.of(url), List.of()).detect().models()).isEmpty();
    ollama.stop(0);
    ollama = null;
    assertThat(detector(Optional.of(url), List.of()).detect().models()).isEmpty();
  }

  @Test
  void matchesTaskLabels() {
    Capabilities c =
        new Capabilities(
            4,
            1L << 30,
            List.of(new Gpu("T4", 1)),
            List.of("llama3.1:latest"),
            List.of("git", "python3"),
            List.of("rust"));
    assertThat(c.missing(List.of("bzzz-task", "needs:gpu", "needs:python3", "model:llama3.1")))
        .isEmpty();
    assertThat(c.missing(List.of("needs:docker", "model:mistral", "needs:rust")))
        .containsExactly("needs:docker", "model:mistral");
    assertThat(Capabilities.requirements(List.of("bzzz-task", "needs:gpu", "model:m")))
        .containsExactly("needs:gpu", "model:m");
  }

  @Test
  void watcherReportsStartupThenOnlyChanges() {
    CapabilityWatcher w = new CapabilityWatcher();
    Capabilities a = new Capabilities(4, 1, List.of(), List.of("m1"), List.of("git"), List.of());
    assertThat(w.update(a)).contains("startup");
    assertThat(w.update(a)).isEmpty();
    // Memory or core counts are not broadcast as capabilities: no change.
    assertThat(
            w.update(new Capabilities(8, 2, List.of(), List.of("m1"), List.of("git"), List.of())))
        .isEmpty();
    Capabilities b =
        new Capabilities(4, 1, List.of(), List.of("m2"), List.of("git", "docker"), List.of());
    assertThat(w.update(b))
        .contains("capabilities added: docker; models added: m2; models removed: m1");
  }
}
