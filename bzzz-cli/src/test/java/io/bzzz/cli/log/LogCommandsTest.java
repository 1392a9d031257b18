package io.bzzz.cli.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.testing.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code bzzz log} commands as a user runs them (DESIGN §7). */
class LogCommandsTest {
  static final String SEED = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  static List<String> run(int expectedExit, String... args) {
    try (ChildProcess p = BzzzCli.start(args)) {
      int exit = p.awaitExit(TIMEOUT);
      assertThat(exit)
          .as("exit of bzzz %s%s", String.join(" ", args), p.describe())
          .isEqualTo(expectedExit);
      return p.stdoutLines();
    }
  }

  @Test
  void initAppendInfoVerifyShow() throws Exception {
    String dir = tmp.resolve("log").toString();
    // Same seed and blocks as npm hypercore's vectors: manifest key and length-3 signature.
    assertThat(run(0, "log", "init", "--dir", dir, "--seed", SEED))
        .containsExactly("798b52954f2f524c0a491fd95e508007de655fbdc048947a8afa2e65f1a03b77");
    Path lines = tmp.resolve("lines.txt");
    Files.writeString(lines, "a\nb\nc\n");
    assertThat(run(0, "log", "append", "--dir", dir, "--file", lines.toString()))
        .containsExactly("3");
    JsonNode info =
        new ObjectMapper().readTree(run(0, "log", "info", "--dir", dir, "--json").getFirst());
    assertThat(info.get("key").asText()).startsWith("798b5295");
    assertThat(info.get("discovery_key").asText()).startsWith("f5a5ca96");
    assertThat(info.get("length").asLong()).isEqualTo(3);
    assertThat(info.get("byte_length").asLong()).isEqualTo(3);
    assertThat(info.get("tree_hash").asText()).startsWith("7ea73eb8");
    assertThat(info.get("signature").asText()).hasSize(128).startsWith("8b46e19c793a26f7");
    assertThat(run(0, "log", "verify", "--dir", dir)).anyMatch(l -> l.startsWith("ok: 3 blocks"));
    Files.writeString(lines, "{\"type\":\"peer_joined\",\"data\":{}}\n");
    run(0, "log", "append", "--dir", dir, "--file", lines.toString());
    assertThat(run(0, "log", "show", "--dir", dir, "--from", "2", "--json"))
        .containsExactly(
            "{\"index\":2,\"value\":\"c\"}", "{\"index\":3,\"type\":\"peer_joined\",\"data\":{}}");
  }

  @Test
  void compatModeKeyIsThePublicKey() throws Exception {
    String dir = tmp.resolve("log").toString();
    assertThat(run(0, "log", "init", "--dir", dir, "--seed", SEED, "--compat"))
        .containsExactly("03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8");
    Path lines = tmp.resolve("lines.txt");
    Files.writeString(lines, "a\nb\nc\n");
    run(0, "log", "append", "--dir", dir, "--file", lines.toString());
    JsonNode info =
        new ObjectMapper().readTree(run(0, "log", "info", "--dir", dir, "--json").getFirst());
    assertThat(info.get("signature").asText()).startsWith("b03b0f6af7697029");
  }

  @Test
  void verifyFailsAndNamesTheDamagedBlock() throws Exception {
    Path dir = tmp.resolve("log");
    run(0, "log", "init", "--dir", dir.toString());
    Path lines = tmp.resolve("lines.txt");
    Files.writeString(lines, "zero\none\ntwo\nthree\n");
    run(0, "log", "append", "--dir", dir.toString(), "--file", lines.toString());
    byte[] data = Files.readAllBytes(dir.resolve("data"));
    data[5] ^= 0x20; // inside "one"
    Files.write(dir.resolve("data"), data);
    try (ChildProcess p = BzzzCli.start("log", "verify", "--dir", dir.toString())) {
      assertThat(p.awaitExit(TIMEOUT)).isEqualTo(1);
      assertThat(p.stdoutLines()).contains("block 1: data does not match its hash");
      assertThat(p.stderrLines()).anyMatch(l -> l.contains("block 1"));
    }
  }

  @Test
  void missingLogIsAClearError() {
    try (ChildProcess p =
        BzzzCli.start("log", "info", "--dir", tmp.resolve("none").toString(), "--json")) {
      assertThat(p.awaitExit(TIMEOUT)).isEqualTo(1);
      assertThat(p.stderrLines()).anyMatch(l -> l.contains("no log in"));
    }
  }
}
