package io.bzzz.agent.config;

import io.bzzz.p2p.files.IoReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a secret is configured in one layer: a file to read, a variable holding the value, or a
 * credential helper to run. Reading checks size and emptiness; messages name the file, variable or
 * helper, never the content.
 */
sealed interface SecretSource {
  long MAX_BYTES = 16 * 1024;

  /**
   * @param source the option that named the file, for messages ({@code --token-file})
   */
  record File(Path path, String source) implements SecretSource {}

  record Value(String value, String variable) implements SecretSource {}

  /**
   * A credential helper the operator configured; {@code ttlKey} says which TTL option applies to
   * it.
   */
  record Command(HelperCommand helper, ConfigKey ttlKey) implements SecretSource {}

  /** Opens the credential: a variable's value, a file read now, a helper run at first use. */
  default Credential open(HelperSettings helpers) {
    return switch (this) {
      case Value v -> Credential.fixed(new Secret(v.value(), v.variable()));
      case File f -> new FileCredential(f.path(), f.source());
      case Command c ->
          new CommandCredential(
              c.helper(), helpers.ttl(c.ttlKey()), helpers.timeout(), helpers.clock());
    };
  }

  /** Reads a secret file: size-checked, stripped, non-empty; messages never hold the content. */
  static Secret readFile(Path path, String source) {
    OpenSecretFiles.warnIfOpen(path, source);
    try {
      if (Files.size(path) > MAX_BYTES) {
        throw new ConfigException(source + ": " + path + " is too large to be a token file");
      }
      String value = Files.readString(path, StandardCharsets.UTF_8).strip();
      if (value.isEmpty()) {
        throw new ConfigException(source + ": " + path + " is empty");
      }
      return new Secret(value, path.toString());
    } catch (IOException e) {
      throw new ConfigException(source + ": cannot read " + path + ": " + IoReason.of(e));
    }
  }
}
