package io.bzzz.p2p.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bzzz.p2p.mux.yamux.YamuxCodec;
import io.bzzz.p2p.mux.yamux.YamuxConfig;
import io.bzzz.p2p.mux.yamux.YamuxFrame;
import io.bzzz.p2p.mux.yamux.YamuxProtocolException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Yamux frame headers as the session's reader decodes them (12 bytes, with the largest Data payload
 * it accepts): a frame within that limit, or {@link YamuxProtocolException}. A decoded header
 * re-encodes to the same 12 bytes.
 */
class YamuxFrameFuzzTest {
  private static final long MAX_DATA = YamuxConfig.defaults().maxWindow();

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void decodeHeader(FuzzedDataProvider data) {
    int offset = data.consumeInt(0, 16);
    byte[] in = data.consumeRemainingAsBytes();
    if (offset > in.length) {
      offset = in.length;
    }
    YamuxFrame frame;
    try {
      frame = YamuxCodec.decode(in, offset, MAX_DATA);
    } catch (YamuxProtocolException expected) {
      return;
    }
    if (frame.type() == YamuxFrame.Type.DATA) {
      assertThat(frame.length()).isLessThanOrEqualTo(MAX_DATA);
    }
    assertThat(YamuxCodec.encode(frame))
        .isEqualTo(Arrays.copyOfRange(in, offset, offset + YamuxFrame.HEADER_LENGTH));
  }
}
