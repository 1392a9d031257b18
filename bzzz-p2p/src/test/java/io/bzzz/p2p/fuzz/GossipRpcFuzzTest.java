package io.bzzz.p2p.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bzzz.p2p.pubsub.GossipParams;
import io.bzzz.p2p.pubsub.wire.ControlMessage;
import io.bzzz.p2p.pubsub.wire.MalformedRpcException;
import io.bzzz.p2p.pubsub.wire.Rpc;
import io.bzzz.p2p.pubsub.wire.RpcCodec;
import io.bzzz.p2p.pubsub.wire.RpcFrames;
import io.bzzz.p2p.pubsub.wire.RpcLimits;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * A peer's gossipsub stream: length-prefixed RPC frames decoded with the limits the host uses. Each
 * frame is an RPC within {@link RpcLimits}, or {@link MalformedRpcException} / {@link
 * EOFException}; re-encoding a decoded RPC is stable (encode, decode, encode gives the same bytes).
 */
class GossipRpcFuzzTest {
  private static final RpcLimits LIMITS =
      RpcLimits.defaults(GossipParams.defaults().maxMessageSize());
  private static final RpcCodec CODEC = new RpcCodec(LIMITS);

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void readFrames(byte[] stream) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(stream);
    try {
      for (Optional<byte[]> frame = RpcFrames.read(in, LIMITS.maxRpcSize());
          frame.isPresent();
          frame = RpcFrames.read(in, LIMITS.maxRpcSize())) {
        check(CODEC.decode(frame.get()));
      }
    } catch (MalformedRpcException | EOFException expected) {
      // the documented failures
    }
  }

  private static void check(Rpc rpc) {
    assertThat(rpc.subscriptions()).hasSizeLessThanOrEqualTo(LIMITS.maxSubscriptions());
    assertThat(rpc.publish()).hasSizeLessThanOrEqualTo(LIMITS.maxMessages());
    ControlMessage c = rpc.control();
    assertThat(c.ihave().size() + c.iwant().size() + c.graft().size() + c.prune().size())
        .isLessThanOrEqualTo(LIMITS.maxControlEntries());
    byte[] encoded = RpcCodec.encode(rpc);
    assertThat(RpcCodec.encode(CODEC.decode(encoded))).isEqualTo(encoded);
  }
}
