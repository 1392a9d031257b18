package io.bzzz.p2p.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bzzz.p2p.security.noise.NoiseException;
import io.bzzz.p2p.security.noise.NoiseHandshakePayload;
import io.bzzz.wire.MalformedInputException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * The payload a peer sends in Noise XX messages 2 and 3, decoded and then verified against the
 * static key as the handshake does: the only failures are {@link MalformedInputException} (decode)
 * and {@link NoiseException} (verification).
 */
class NoiseHandshakePayloadFuzzTest {
  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void decodeAndVerify(FuzzedDataProvider data) {
    byte[] staticKey = data.consumeBytes(32);
    NoiseHandshakePayload payload;
    try {
      payload = NoiseHandshakePayload.decode(data.consumeRemainingAsBytes());
    } catch (MalformedInputException expected) {
      return;
    }
    NoiseHandshakePayload again = NoiseHandshakePayload.decode(payload.encode());
    assertThat(again.identityKey()).isEqualTo(payload.identityKey());
    assertThat(again.identitySignature()).isEqualTo(payload.identitySignature());
    try {
      payload.verify(staticKey);
    } catch (NoiseException expected) {
      // a bad key or signature fails the handshake
    }
  }
}
