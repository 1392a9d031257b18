package io.bzzz.log.sign;

import io.bzzz.log.encoding.CompactWriter;
import io.bzzz.log.tree.Hashes;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.crypto.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Who signs a log and how: the key mode, the signer's public key and, in manifest mode, the
 * manifest. Derives the core key and discovery key, builds signables and checks signatures.
 */
public final class LogIdentity {
  private final KeyMode mode;
  private final PublicKey signer;
  private final Optional<Manifest> manifest;
  private final byte[] key;
  private final byte[] discoveryKey;

  private LogIdentity(KeyMode mode, PublicKey signer, Optional<Manifest> manifest) {
    this.mode = mode;
    this.signer = signer;
    this.manifest = manifest;
    this.key = manifest.map(Manifest::hash).orElseGet(signer::raw);
    this.discoveryKey = Hashes.discoveryKey(key);
  }

  public static LogIdentity of(KeyMode mode, PublicKey signer) {
    return switch (mode) {
      case COMPAT -> new LogIdentity(mode, signer, Optional.empty());
      case MANIFEST -> new LogIdentity(mode, signer, Optional.of(Manifest.defaultFor(signer)));
    };
  }

  public static LogIdentity ofManifest(Manifest manifest) {
    return new LogIdentity(KeyMode.MANIFEST, manifest.signer(), Optional.of(manifest));
  }

  public KeyMode mode() {
    return mode;
  }

  public PublicKey signer() {
    return signer;
  }

  public Optional<Manifest> manifest() {
    return manifest;
  }

  public byte[] key() {
    return key.clone();
  }

  public byte[] discoveryKey() {
    return discoveryKey.clone();
  }

  public boolean hasKey(byte[] other) {
    return Arrays.equals(key, other);
  }

  /** What is signed for a tree: 112 bytes in manifest mode, 80 in compat mode. */
  public byte[] signable(byte[] treeHash, long length, long fork) {
    CompactWriter w = new CompactWriter().fixed(Namespaces.TREE);
    manifest.ifPresent(m -> w.fixed(key));
    return w.fixed(treeHash).u64le(length).u64le(fork).toByteArray();
  }

  /** The raw 64-byte Ed25519 signature of the tree. */
  public byte[] sign(PrivateKey secret, byte[] treeHash, long length, long fork) {
    if (!secret.publicKey().equals(signer)) {
      throw new IllegalArgumentException("secret key does not belong to this log's signer");
    }
    return secret.sign(signable(treeHash, length, fork));
  }

  public boolean verify(byte[] treeHash, long length, long fork, byte[] rawSignature) {
    return signer.verify(signable(treeHash, length, fork), rawSignature);
  }

  /** The signature as Hypercore stores and sends it: raw (compat) or multisig-wrapped. */
  public byte[] wireSignature(byte[] rawSignature) {
    return mode == KeyMode.COMPAT ? rawSignature.clone() : MultiSignature.wrap(rawSignature);
  }

  @Override
  public String toString() {
    return "LogIdentity[" + mode + ", key=" + HexFormat.of().formatHex(key) + "]";
  }
}
