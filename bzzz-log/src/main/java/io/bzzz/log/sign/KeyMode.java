package io.bzzz.log.sign;

/** How the log key is derived and what is signed (Hypercore 11 default vs Hypercore 10). */
public enum KeyMode {
  /** key = BLAKE2b(MANIFEST_NS || manifest); 112-byte signable; multisig-wrapped signature. */
  MANIFEST,
  /** key = the Ed25519 public key; 80-byte signable; raw signature. */
  COMPAT
}
