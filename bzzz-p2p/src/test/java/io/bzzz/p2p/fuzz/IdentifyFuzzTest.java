package io.bzzz.p2p.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bzzz.p2p.protocol.identify.IdentifyCodec;
import io.bzzz.p2p.protocol.identify.IdentifyMessage;
import io.bzzz.wire.MalformedInputException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * A peer's whole identify stream (delimited messages until end of stream), read as the identify
 * service reads it: a merged message within the per-list limit, or {@link MalformedInputException}
 * / {@link EOFException}. The merged message re-encodes and decodes to itself.
 */
class IdentifyFuzzTest {
  private static final int MAX_ENTRIES = 128;

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void readAll(byte[] stream) throws IOException {
    IdentifyMessage message;
    try {
      message = IdentifyCodec.readAll(new ByteArrayInputStream(stream));
    } catch (MalformedInputException | EOFException expected) {
      return;
    }
    assertThat(message.listenAddresses()).hasSizeLessThanOrEqualTo(MAX_ENTRIES);
    assertThat(message.protocols()).hasSizeLessThanOrEqualTo(MAX_ENTRIES);
    byte[] encoded = IdentifyCodec.encodeDelimited(message);
    if (encoded.length <= IdentifyCodec.MAX_MESSAGE_SIZE) {
      assertThat(IdentifyCodec.readAll(new ByteArrayInputStream(encoded))).isEqualTo(message);
    }
  }
}
