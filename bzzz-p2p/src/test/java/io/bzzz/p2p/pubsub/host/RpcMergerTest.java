package io.bzzz.p2p.pubsub.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.pubsub.router.StrictSign;
import io.bzzz.p2p.pubsub.wire.ControlMessage;
import io.bzzz.p2p.pubsub.wire.ControlMessage.Graft;
import io.bzzz.p2p.pubsub.wire.ControlMessage.IHave;
import io.bzzz.p2p.pubsub.wire.ControlMessage.Prune;
import io.bzzz.p2p.pubsub.wire.PubMessage;
import io.bzzz.p2p.pubsub.wire.Rpc;
import io.bzzz.p2p.pubsub.wire.RpcCodec;
import io.bzzz.p2p.pubsub.wire.RpcLimits;
import io.bzzz.p2p.pubsub.wire.SubOpts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RpcMergerTest {
  private final PrivateKey author = PrivateKey.generate();

  private PubMessage message(int seqno) {
    return StrictSign.sign(author, "t", new byte[] {(byte) seqno}, seqno);
  }

  private static Rpc messages(PubMessage... ms) {
    return new Rpc(List.of(), List.of(ms), ControlMessage.EMPTY);
  }

  private static Rpc control(ControlMessage c) {
    return Rpc.ofControl(c);
  }

  @Test
  void messagesAndGossipOfABatchBecomeOneRpcInOrder() {
    PubMessage m1 = message(1);
    PubMessage m2 = message(2);
    PubMessage m3 = message(3);
    IHave ihave = new IHave("t", List.of(new byte[] {9}));
    List<Rpc> batch =
        List.of(
            messages(m1),
            control(new ControlMessage(List.of(ihave), List.of(), List.of(), List.of())),
            messages(m2, m3));

    List<List<Rpc>> groups = RpcMerger.groups(batch);
    assertThat(groups).hasSize(1);
    Rpc merged = RpcMerger.combine(groups.get(0));
    assertThat(merged.publish()).containsExactly(m1, m2, m3);
    assertThat(merged.control().ihave()).containsExactly(ihave);
    // what a peer decodes is the same messages and gossip
    Rpc decoded = new RpcCodec(RpcLimits.defaults(1 << 20)).decode(RpcCodec.encode(merged));
    assertThat(decoded.publish()).hasSize(3);
    assertThat(decoded.control().ihave()).hasSize(1);
  }

  @Test
  void subscriptionsGraftsAndPrunesStartANewRpcSoTheirOrderHolds() {
    Rpc graft =
        control(new ControlMessage(List.of(), List.of(), List.of(new Graft("t")), List.of()));
    Rpc prune =
        control(
            new ControlMessage(
                List.of(),
                List.of(),
                List.of(),
                List.of(new Prune("t", List.of(), OptionalLong.of(60)))));
    Rpc subscribe = new Rpc(List.of(new SubOpts(true, "u")), List.of(), ControlMessage.EMPTY);
    Rpc m1 = messages(message(1));
    Rpc m2 = messages(message(2));

    List<List<Rpc>> groups = RpcMerger.groups(List.of(m1, prune, m2, graft, subscribe, m1));
    assertThat(groups)
        .containsExactly(List.of(m1), List.of(prune, m2), List.of(graft), List.of(subscribe, m1));
  }

  @Test
  void runsStayWithinTheMessageLimit() {
    List<Rpc> batch = new ArrayList<>();
    Rpc many =
        new Rpc(
            List.of(),
            Collections.nCopies(RpcMerger.MAX_MESSAGES / 2 + 1, message(1)),
            ControlMessage.EMPTY);
    batch.add(many);
    batch.add(many);
    assertThat(RpcMerger.groups(batch)).hasSize(2);
  }
}
