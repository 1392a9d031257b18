package io.bzzz.p2p.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bzzz.p2p.discovery.kad.KadCodec;
import io.bzzz.p2p.discovery.kad.KadMessage;
import io.bzzz.p2p.discovery.kad.KadPeer;
import io.bzzz.wire.MalformedInputException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * A peer's kad stream: framed messages read as the kad server and client read them. Each is a
 * message within {@link KadCodec}'s limits, or {@link MalformedInputException} / {@link
 * EOFException}; a decoded message encodes and decodes to itself.
 */
class KadMessageFuzzTest {
  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void read(byte[] stream) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(stream);
    try {
      for (Optional<KadMessage> m = KadCodec.read(in); m.isPresent(); m = KadCodec.read(in)) {
        check(m.get());
      }
    } catch (MalformedInputException | EOFException expected) {
      // the documented failures
    }
  }

  private static void check(KadMessage message) {
    assertThat(message.closerPeers()).hasSizeLessThanOrEqualTo(KadCodec.MAX_PEERS);
    for (KadPeer peer : message.closerPeers()) {
      assertThat(peer.addresses()).hasSizeLessThanOrEqualTo(KadCodec.MAX_ADDRESSES);
    }
    assertThat(KadCodec.decode(KadCodec.encode(message))).isEqualTo(message);
  }
}
