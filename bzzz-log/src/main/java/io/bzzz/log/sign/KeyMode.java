package io.bzzz.log.sign;

import java.util.Optional;

/** How the log key is derived and what is signed (Hypercore 11 default vs Hypercore 10). */
public enum KeyMode {
  /** key = BLAKE2b(MANIFEST_NS || manifest); 112-byte signable; multisig-wrapped signature. */
  MANIFEST(0),
  /** key = the Ed25519 public key; 80-byte signable; raw signature. */
  COMPAT(1);

  /**
   * The byte stored in the meta file and sent in OPENED; explicit so reordering cannot change it.
   */
  private final int code;

  KeyMode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The mode stored or sent as {@code code}, or empty when no mode has that code. */
  public static Optional<KeyMode> fromCode(int code) {
    for (KeyMode mode : values()) {
      if (mode.code == code) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }
}
