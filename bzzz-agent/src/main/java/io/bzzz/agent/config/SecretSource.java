package io.bzzz.agent.config;

import io.bzzz.p2p.files.IoReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a secret is configured in one layer: a file to read, or a variable holding the value.
 * Reading checks size and emptiness; messages name the file or variable, never the content.
 */
sealed interface SecretSource {
  long MAX_BYTES = 16 * 1024;

  /**
   * @param source the option that named the file, for messages ({@code --token-file})
   */
  record File(Path path, String source) implements SecretSource {}

  record Value(String value, String variable) implements SecretSource {}

  default Secret read() {
    return switch (this) {
      case Value v -> new Secret(v.value(), v.variable());
      case File f -> {
        OpenSecretFiles.warnIfOpen(f.path(), f.source());
        try {
          if (Files.size(f.path()) > MAX_BYTES) {
            throw new ConfigException(
                f.source() + ": " + f.path() + " is too large to be a token file");
          }
          String value = Files.readString(f.path(), StandardCharsets.UTF_8).strip();
          if (value.isEmpty()) {
            throw new ConfigException(f.source() + ": " + f.path() + " is empty");
          }
          yield new Secret(value, f.path().toString());
        } catch (IOException e) {
          throw new ConfigException(
              f.source() + ": cannot read " + f.path() + ": " + IoReason.of(e));
        }
      }
    };
  }
}
