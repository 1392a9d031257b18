package io.bzzz.log.sign;

import io.bzzz.log.encoding.CompactReader;
import io.bzzz.log.encoding.CompactWriter;
import io.bzzz.wire.MalformedInputException;

/**
 * Hypercore's multisig wrapping of manifest-mode signatures: {@code uint nProofs, [uint signer,
 * fixed64 sig, uint patch]..., array patch}. One signer, no patch: {@code 01 00 <sig64> 00 00}.
 */
public final class MultiSignature {
  public static final int SINGLE_SIZE = 68;

  private MultiSignature() {}

  public static byte[] wrap(byte[] signature) {
    return new CompactWriter().uint(1).uint(0).fixed(signature).uint(0).uint(0).toByteArray();
  }

  /** The raw signature of signer 0; anything else (quorum, patches) is rejected. */
  public static byte[] unwrap(byte[] wrapped) {
    CompactReader r = new CompactReader(wrapped);
    if (r.uint() != 1) {
      throw new MalformedInputException("multisig must carry exactly one proof");
    }
    if (r.uint() != 0) {
      throw new MalformedInputException("multisig proof is not from signer 0");
    }
    byte[] sig = r.fixed(64);
    long proofPatch = r.uint();
    long patchCount = r.uint();
    if (proofPatch != 0 || patchCount != 0) {
      throw new MalformedInputException("multisig patches are not supported");
    }
    r.expectEnd("multisig");
    return sig;
  }
}
