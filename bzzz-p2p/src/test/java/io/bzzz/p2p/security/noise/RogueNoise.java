package io.bzzz.p2p.security.noise;

import io.bzzz.p2p.crypto.PrivateKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Optional;

/** A Noise initiator that misbehaves, for tests of other packages. */
public final class RogueNoise {
  private RogueNoise() {}

  /** Runs the initiator side with an all-zero identity signature. */
  public static void initiateWithBadSignature(InputStream in, OutputStream out) throws IOException {
    new NoiseXxHandshake(
            PrivateKey.generate(),
            new SecureRandom(),
            (identity, staticKey) ->
                new NoiseHandshakePayload(identity.publicKey().toProtobuf(), new byte[64]))
        .initiate(in, out, Optional.empty());
  }
}
