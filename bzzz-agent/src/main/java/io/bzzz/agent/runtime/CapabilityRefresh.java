package io.bzzz.agent.runtime;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * When the heartbeat says this agent's capabilities again, besides at start and on a change. A
 * broadcast made the moment a peer becomes live can miss that peer (its topic mesh with us is not
 * grafted yet), and a peer that missed it would never learn what we can do: with 34 agents starting
 * together, one heard all 33 live and knew the capabilities of one of them 140 s later. So a
 * broadcast for a newcomer is said once more at the next beat, and every {@link #EVERY_BEATS}th
 * beat says it anyway, which bounds how long any peer can stay without it. Thread-safe.
 */
final class CapabilityRefresh {
  /** Every this many availability intervals (5 min at the default 30 s). */
  static final int EVERY_BEATS = 10;

  static final String REFRESH = "refresh";
  static final String PEER_JOINED = "peer_joined";

  private final AtomicBoolean repeatJoin = new AtomicBoolean();
  private long beats;

  /** A peer became live and was just told: tell it once more at the next beat. */
  void peerJoined() {
    repeatJoin.set(true);
  }

  /** Called once per heartbeat: the reason to broadcast the capabilities now, if any. */
  synchronized Optional<String> beat() {
    beats++;
    if (repeatJoin.getAndSet(false)) {
      return Optional.of(PEER_JOINED);
    }
    return beats % EVERY_BEATS == 0 ? Optional.of(REFRESH) : Optional.empty();
  }
}
