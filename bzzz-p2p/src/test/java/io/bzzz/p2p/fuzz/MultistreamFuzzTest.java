package io.bzzz.p2p.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bzzz.p2p.multistream.MultistreamCodec;
import io.bzzz.wire.MalformedInputException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * A peer's multistream-select bytes, read frame by frame as the negotiation does: each frame is a
 * message of at most {@link MultistreamCodec#MAX_MESSAGE} bytes, or {@link MalformedInputException}
 * / {@link EOFException}. Messages we can send come back unchanged.
 */
class MultistreamFuzzTest {
  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void read(FuzzedDataProvider data) throws IOException {
    boolean expectHeader = data.consumeBoolean();
    ByteArrayInputStream in = new ByteArrayInputStream(data.consumeRemainingAsBytes());
    try {
      if (expectHeader) {
        // Only the frame length is checked here; the negotiation compares the text and stops.
        String header = MultistreamCodec.readExpecting(in, MultistreamCodec.HEADER);
        assertThat(header.length()).isLessThanOrEqualTo(MultistreamCodec.HEADER.length());
        if (!header.equals(MultistreamCodec.HEADER)) {
          return;
        }
      }
      while (true) {
        String message = MultistreamCodec.read(in);
        assertThat(message.length()).isLessThanOrEqualTo(MultistreamCodec.MAX_MESSAGE);
        roundTrip(message);
      }
    } catch (MalformedInputException | EOFException expected) {
      // the documented failures; a clean end of stream is an EOFException too
    }
  }

  private static void roundTrip(String message) throws IOException {
    if (message.indexOf('\n') >= 0
        || message.getBytes(StandardCharsets.UTF_8).length > MultistreamCodec.MAX_MESSAGE) {
      return; // not a message we would send (the peer sent raw bytes that are not UTF-8)
    }
    byte[] frame = MultistreamCodec.encode(message);
    assertThat(MultistreamCodec.read(new ByteArrayInputStream(frame))).isEqualTo(message);
  }
}
