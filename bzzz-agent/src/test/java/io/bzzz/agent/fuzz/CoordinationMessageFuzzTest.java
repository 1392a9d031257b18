package io.bzzz.agent.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bzzz.agent.coordination.Envelope;
import io.bzzz.agent.coordination.MalformedMessageException;
import io.bzzz.agent.coordination.MessageCodec;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * A coordination message (JSON) from a gossipsub peer, decoded as the coordination listener does:
 * an {@link Envelope}, or {@link MalformedMessageException}. Re-encoding a decoded envelope that
 * fits the limit is stable.
 */
class CoordinationMessageFuzzTest {
  private static final MessageCodec CODEC = new MessageCodec();

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void decode(byte[] payload) throws MalformedMessageException {
    Envelope envelope;
    try {
      envelope = CODEC.decode(payload);
    } catch (MalformedMessageException expected) {
      return;
    }
    byte[] encoded;
    try {
      encoded = CODEC.encode(envelope);
    } catch (IllegalArgumentException overLimit) {
      return; // re-encoding may escape more than the sender did; the limit is on our own output
    }
    // Stable, not equal: an unknown type's non-object data is written as {} (we never relay those).
    assertThat(CODEC.encode(CODEC.decode(encoded))).isEqualTo(encoded);
  }
}
