package io.bzzz.p2p.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.wire.MalformedInputException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Peer ids come as multihash bytes (multiaddr /p2p, pubsub from, kad) and as text (config,
 * multiaddr text, CLI). Both decode or fail with {@link MalformedInputException}; an inlined key
 * decodes the same way; decoded ids re-encode to themselves.
 */
class PeerIdFuzzTest {
  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void fromBytes(byte[] input) {
    PeerId id;
    try {
      id = PeerId.fromBytes(input);
    } catch (MalformedInputException expected) {
      return;
    }
    assertThat(id.size()).isLessThanOrEqualTo(PeerId.MAX_SIZE);
    checkDecoded(id);
  }

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void parse(FuzzedDataProvider data) {
    PeerId id;
    try {
      id = PeerId.parse(data.consumeRemainingAsString());
    } catch (MalformedInputException expected) {
      return;
    }
    checkDecoded(id);
  }

  private static void checkDecoded(PeerId id) {
    assertThat(PeerId.fromBytes(id.bytes())).isEqualTo(id);
    assertThat(PeerId.parse(id.toBase58())).isEqualTo(id);
    try {
      id.publicKey();
    } catch (MalformedInputException expected) {
      // an identity id whose inlined bytes are not an Ed25519 key protobuf
    }
  }
}
