package io.bzzz.p2p.security.pnet;

import io.bzzz.p2p.files.IoReason;
import io.bzzz.p2p.files.OwnerOnly;
import io.bzzz.wire.MalformedInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The pre-shared key of a libp2p private network (pnet/Private-Networks-PSK-V1), in the {@code
 * swarm.key} format go-ipfs and js {@code @libp2p/pnet} share: the line {@code
 * /key/swarm/psk/1.0.0/}, the line {@code /base16/}, and the 32-byte key as 64 hex digits. The key
 * never appears in {@link #toString} or logs; {@link #fingerprint} tells two keys apart.
 */
public final class SwarmKey {
  public static final String HEADER = "/key/swarm/psk/1.0.0/";
  public static final String ENCODING = "/base16/";
  public static final int LENGTH = 32;
  private static final int MAX_FILE = 1024;

  private final byte[] key;

  private SwarmKey(byte[] key) {
    this.key = key;
  }

  /** Parses the file's text; a trailing newline and CRLF line ends are accepted. */
  public static SwarmKey parse(String text) {
    String[] lines = text.strip().split("\r?\n", -1);
    if (lines.length != 3 || !lines[0].strip().equals(HEADER)) {
      throw new MalformedInputException(
          "not a swarm key: expected the lines " + HEADER + ", " + ENCODING + " and 64 hex digits");
    }
    if (!lines[1].strip().equals(ENCODING)) {
      throw new MalformedInputException(
          "unsupported swarm key encoding " + lines[1].strip() + "; only " + ENCODING);
    }
    String hex = lines[2].strip();
    if (hex.length() != 2 * LENGTH || !hex.matches("[0-9a-fA-F]+")) {
      throw new MalformedInputException("swarm key must be 64 hex digits (32 bytes)");
    }
    return new SwarmKey(HexFormat.of().parseHex(hex));
  }

  /**
   * Reads a key file that only its owner may read, the rule of the identity key: a secret readable
   * by group or others is refused.
   */
  public static SwarmKey load(Path file) throws IOException {
    Optional<String> mode;
    try {
      if (Files.size(file) > MAX_FILE) {
        throw new IOException(
            "swarm key " + file + " is not a swarm key (over " + MAX_FILE + " bytes)");
      }
      mode = OwnerOnly.openToOthers(file);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("swarm key")) {
        throw e;
      }
      throw new IOException("cannot read swarm key " + file + ": " + IoReason.of(e), e);
    }
    if (mode.isPresent()) {
      throw new IOException(
          "swarm key "
              + file
              + " is accessible by others (mode "
              + mode.get()
              + "); refusing to use it: run 'chmod 600 "
              + file
              + "'");
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (MalformedInputException | java.nio.charset.CharacterCodingException e) {
      throw new IOException("swarm key " + file + ": " + e.getMessage(), e);
    }
  }

  /** The file text for {@code key} (32 bytes). */
  public static String format(byte[] key) {
    if (key.length != LENGTH) {
      throw new IllegalArgumentException("a swarm key has 32 bytes");
    }
    return HEADER + "\n" + ENCODING + "\n" + HexFormat.of().formatHex(key) + "\n";
  }

  public static SwarmKey of(byte[] key) {
    if (key.length != LENGTH) {
      throw new IllegalArgumentException("a swarm key has 32 bytes");
    }
    return new SwarmKey(key.clone());
  }

  byte[] bytes() {
    return key;
  }

  /** The first 8 bytes of SHA-256 over the key, hex: safe to log, equal for equal keys. */
  public String fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is in every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "SwarmKey[" + fingerprint() + "]";
  }
}
