package io.bzzz.agent.coordination;

import java.util.function.Consumer;

/**
 * Hands every message heard on the mesh to {@code tap} first (a part that only listens, such as the
 * auction or work stealing), then passes everything on to {@code next}.
 */
public class ListenerTap implements CoordinationListener {
  private final Consumer<Envelope> tap;
  private final CoordinationListener next;

  public ListenerTap(Consumer<Envelope> tap, CoordinationListener next) {
    this.tap = tap;
    this.next = next;
  }

  @Override
  public final void onMessage(String topic, Envelope envelope) {
    tap.accept(envelope);
    next.onMessage(topic, envelope);
  }

  @Override
  public final void onHandOver(HelpRounds.HandOver handOver) {
    next.onHandOver(handOver);
  }

  @Override
  public final void onGiveUp(HelpRounds.GiveUp giveUp) {
    next.onGiveUp(giveUp);
  }

  @Override
  public final void onPeerChange(PeerTable.Change change) {
    next.onPeerChange(change);
  }
}
