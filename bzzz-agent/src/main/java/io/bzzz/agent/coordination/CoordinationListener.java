package io.bzzz.agent.coordination;

/** What the task loop and the log hear from coordination. */
public interface CoordinationListener {

  /** Any valid message from a peer (task_claimed, meta_discussion objections, ...). */
  default void onMessage(String topic, Envelope envelope) {}

  /** A peer answered our help request with a yes: hand the task over to it. */
  default void onHandOver(HelpRounds.HandOver handOver) {}

  /** Nobody could help after every round: label the task failed and ask a human. */
  default void onGiveUp(HelpRounds.GiveUp giveUp) {}

  /** A peer changed state in the peer table (joined, suspect, gone, back). */
  default void onPeerChange(PeerTable.Change change) {}
}
