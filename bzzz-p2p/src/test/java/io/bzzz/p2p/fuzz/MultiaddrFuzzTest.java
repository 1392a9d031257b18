package io.bzzz.p2p.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.wire.MalformedInputException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Multiaddrs arrive as bytes (identify, kad, pubsub PX) and as text (config, CLI, Swarm DNS TXT
 * records). Either form decodes or fails with {@link MalformedInputException}; what decodes
 * re-encodes to itself.
 */
class MultiaddrFuzzTest {
  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void fromBytes(byte[] input) {
    Multiaddr addr;
    try {
      addr = Multiaddr.fromBytes(input);
    } catch (MalformedInputException expected) {
      return;
    }
    assertThat(addr.bytes()).hasSizeLessThanOrEqualTo(Multiaddr.MAX_BYTES);
    assertThat(Multiaddr.fromBytes(addr.bytes())).isEqualTo(addr);
    assertThat(Multiaddr.parse(addr.toString())).isEqualTo(addr);
  }

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void parse(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    Multiaddr addr;
    try {
      addr = Multiaddr.parse(text);
    } catch (MalformedInputException expected) {
      return;
    }
    assertThat(Multiaddr.fromBytes(addr.bytes())).isEqualTo(addr);
    assertThat(Multiaddr.parse(addr.toString())).isEqualTo(addr);
  }
}
