package io.bzzz.agent.config;

import io.bzzz.p2p.files.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns, once per file and process, when a secret file the user named (token, model key) can be
 * read by group or others. The file is still used: the user chose it, and refusing a token would
 * stop a running setup; the warning names the file and its mode, never the content.
 */
final class OpenSecretFiles {
  private static final Logger log = LoggerFactory.getLogger(OpenSecretFiles.class);
  private static final Set<Path> warned = ConcurrentHashMap.newKeySet();

  private OpenSecretFiles() {}

  static void warnIfOpen(Path file, String source) {
    if (!Files.isRegularFile(file)) {
      return; // reading it fails next, with its own message
    }
    Optional<String> mode;
    try {
      mode = OwnerOnly.openToOthers(file);
    } catch (IOException e) {
      return; // reading it fails next, with its own message
    }
    if (mode.isPresent() && warned.add(file.toAbsolutePath().normalize())) {
      log.atWarn()
          .addKeyValue("file", file)
          .addKeyValue("mode", mode.get())
          .addKeyValue("option", source)
          .log("secret file is accessible by others; run 'chmod 600 " + file + "'");
    }
  }
}
