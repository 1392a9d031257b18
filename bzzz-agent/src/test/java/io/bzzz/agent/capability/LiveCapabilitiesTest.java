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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection again on a real PATH directory, a real fake nvidia-smi and a loopback Ollama. */
class LiveCapabilitiesTest {
  @TempDir Path tmp;
  Path bin;
  final HttpClient http = HttpClient.newHttpClient();
  final AtomicReference<String> tags = new AtomicReference<>("{\"models\":[]}");
  HttpServer ollama;
  LiveCapabilities live;

  @BeforeEach
  void setUp() throws Exception {
    bin = Files.createDirectory(tmp.resolve("bin"));
    ollama = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ollama.createContext(
        "/api/tags",
        ex -> {
          byte[] b = tags.get().getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    ollama.start();
    CapabilityDetector detector =
        new CapabilityDetector(
            new ProcessRunner(),
            http,
            bin.toString(),
            Optional.of(URI.create("http://127.0.0.1:" + ollama.getAddress().getPort())),
            List.of("configured"));
    live = LiveCapabilities.start(detector::detect);
  }

  @AfterEach
  void tearDown() {
    ollama.stop(0);
    http.close();
  }

  void executable(String name, String script) throws Exception {
    Path p = bin.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void nothingChangedMeansNoBroadcast() throws Exception {
    assertThat(live.current().names()).containsExactly("configured");
    assertThat(live.redetect()).isEmpty();
    assertThat(live.redetect()).isEmpty();
  }

  @Test
  void aToolInstalledOnThePathIsNoticedAndNamed() throws Exception {
    executable("cargo", "exit 0");

    assertThat(live.redetect()).contains("capabilities added: cargo");
    assertThat(live.current().names()).containsExactly("cargo", "configured");
    assertThat(live.redetect()).isEmpty(); // said once

    Files.delete(bin.resolve("cargo"));
    assertThat(live.redetect()).contains("capabilities removed: cargo");
  }

  @Test
  void aModelPulledIntoOllamaIsNoticed() throws Exception {
    tags.set("{\"models\":[{\"name\":\"llama3.1:latest\",\"size\":1}]}");

    assertThat(live.redetect())
        .contains("capabilities added: ollama; models added: llama3.1:latest");
    assertThat(live.current().hasModel("llama3.1")).isTrue();
  }

  @Test
  void aGpuAppearingIsNoticed() throws Exception {
    executable("nvidia-smi", "printf 'NVIDIA Test GPU, 8192\\n'");

    assertThat(live.redetect()).contains("capabilities added: gpu");
    assertThat(live.current().gpus()).containsExactly(new Gpu("NVIDIA Test GPU", 8192));
  }
}
