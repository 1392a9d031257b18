package io.bzzz.agent.coordination;

import io.bzzz.agent.coordination.Payload.CapabilityBroadcast;
import java.time.Instant;
import java.util.List;

/**
 * Builds this agent's {@code capability_broadcast} from what it knows, so the numbers and names
 * peers see come from one place.
 */
public final class Broadcasts {
  private Broadcasts() {}

  /**
   * @param capabilities capability names (detected plus configured)
   * @param models models this agent can run
   * @param logKey the public key of this agent's log, hex, for replication
   * @param multiaddrs routable listen addresses with {@code /p2p/<id>}
   * @param api the health URL of the HTTP API, or empty
   * @param name the agent's name (served in other agents' bootstrap lists)
   */
  public static CapabilityBroadcast capability(
      String nodeId,
      List<String> capabilities,
      List<String> models,
      String version,
      String specialization,
      String reason,
      String logKey,
      List<String> multiaddrs,
      String api,
      String name,
      Instant now) {
    return new CapabilityBroadcast(
        nodeId,
        capabilities.stream().sorted().distinct().toList(),
        models.stream().sorted().distinct().toList(),
        version,
        specialization,
        now,
        reason,
        logKey,
        multiaddrs,
        api,
        name);
  }
}
