package io.bzzz.log.sign;

import io.bzzz.log.encoding.CompactReader;
import io.bzzz.log.encoding.CompactWriter;
import io.bzzz.log.tree.Hashes;
import io.bzzz.p2p.crypto.PublicKey;
import io.bzzz.wire.MalformedInputException;
import java.util.Arrays;

/**
 * A Hypercore manifest restricted to what a single-writer log uses: version 1, no flags, BLAKE2b,
 * quorum 1, one Ed25519 signer. Encoded as {@code 01 00 00 01 01 00 <namespace32> <publicKey32>}.
 */
public record Manifest(byte[] namespace, PublicKey signer) {
  public static final int ENCODED_SIZE = 70;

  public Manifest {
    if (namespace.length != 32) {
      throw new IllegalArgumentException("namespace must be 32 bytes");
    }
    namespace = namespace.clone();
  }

  /** Hypercore's {@code Verifier.defaultSignerManifest(publicKey)}. */
  public static Manifest defaultFor(PublicKey signer) {
    return new Manifest(Namespaces.DEFAULT_NAMESPACE, signer);
  }

  @Override
  public byte[] namespace() {
    return namespace.clone();
  }

  public byte[] encode() {
    return new CompactWriter()
        .uint(1) // version
        .uint(0) // flags
        .uint(0) // hash: blake2b
        .uint(1) // quorum
        .uint(1) // one signer
        .uint(0) // signature: ed25519
        .fixed(namespace)
        .fixed(signer.raw())
        .toByteArray();
  }

  /** The core key: {@code BLAKE2b-256(MANIFEST_NS || encode())}. */
  public byte[] hash() {
    return Hashes.blake2b(Namespaces.MANIFEST, encode());
  }

  /** Decodes; anything but the single-signer v1 shape above is rejected with the reason. */
  public static Manifest decode(byte[] bytes) {
    CompactReader r = new CompactReader(bytes);
    long version = r.uint();
    if (version != 1) {
      throw new MalformedInputException("unsupported manifest version " + version);
    }
    long flags = r.uint();
    if (flags != 0) {
      throw new MalformedInputException("unsupported manifest flags " + flags);
    }
    if (r.uint() != 0) {
      throw new MalformedInputException("unsupported manifest hash (only blake2b)");
    }
    long quorum = r.uint();
    long signers = r.uint();
    if (quorum != 1 || signers != 1) {
      throw new MalformedInputException("only single-signer manifests (quorum 1) are supported");
    }
    if (r.uint() != 0) {
      throw new MalformedInputException("unsupported signature type (only ed25519)");
    }
    byte[] namespace = r.fixed(32);
    PublicKey key = PublicKey.fromRaw(r.fixed(32));
    r.expectEnd("manifest");
    return new Manifest(namespace, key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Manifest m
        && Arrays.equals(namespace, m.namespace)
        && signer.equals(m.signer);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(namespace) * 31 + signer.hashCode();
  }
}
