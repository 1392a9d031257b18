package io.bzzz.agent.pickup;

import io.bzzz.agent.capability.Capabilities;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.PeerTable;
import java.util.List;

/**
 * The peers that could take a task now, in this agent's view: live, available for work by their
 * last availability broadcast, and with every capability the task's labels require.
 */
public final class MeshCandidates {
  private MeshCandidates() {}

  public static List<String> able(PeerTable peers, List<String> labels) {
    List<String> required = Capabilities.requirements(labels);
    return peers.peers().stream()
        .filter(p -> p.state() == PeerTable.State.LIVE)
        .filter(
            p -> p.availability().map(Payload.AvailabilityBroadcast::availableForWork).orElse(true))
        .filter(
            p ->
                required.isEmpty()
                    || p.capabilities().map(c -> meetsAll(c, required)).orElse(false))
        .map(PeerTable.PeerView::peerId)
        .toList();
  }

  private static boolean meetsAll(Payload.CapabilityBroadcast caps, List<String> required) {
    for (String r : required) {
      int colon = r.indexOf(':');
      String kind = r.substring(0, colon);
      String value = r.substring(colon + 1);
      boolean met =
          kind.equals("model")
              ? caps.models().stream().anyMatch(m -> m.equals(value) || m.equals(value + ":latest"))
              : caps.capabilities().contains(value);
      if (!met) {
        return false;
      }
    }
    return true;
  }
}
