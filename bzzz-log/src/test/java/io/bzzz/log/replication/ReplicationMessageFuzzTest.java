package io.bzzz.log.replication;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bzzz.wire.MalformedInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * A peer's {@code /bzzz/log/1.0.0} stream, read frame by frame as {@link LogServer} and {@link
 * LogClient} read it: each frame is a {@link Message} (counts and lengths within {@link
 * ReplicationCodec}'s limits), or {@link MalformedInputException} / {@link EOFException}.
 * Re-encoding a decoded message is stable.
 */
class ReplicationMessageFuzzTest {
  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void readFrames(byte[] stream) throws IOException {
    FrameIO frames = new FrameIO(new ByteArrayInputStream(stream), new ByteArrayOutputStream());
    try {
      for (Optional<Message> m = frames.read(); m.isPresent(); m = frames.read()) {
        byte[] encoded = ReplicationCodec.encode(m.get());
        assertThat(ReplicationCodec.encode(ReplicationCodec.decode(encoded))).isEqualTo(encoded);
      }
    } catch (MalformedInputException | EOFException expected) {
      // the documented failures
    }
  }
}
