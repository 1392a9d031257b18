package io.bzzz.cli.chaos;

/**
 * Who runs where: {@code agents} agents spread round-robin over hosts {@code 0..agentHosts-1}, the
 * tracker alone on host {@code agentHosts}.
 */
record ChaosTopology(int agents, int agentHosts, int tasks, int slots) {
  static final int TRACKER_PORT = 3000;
  static final int FIRST_P2P_PORT = 4001;

  ChaosTopology {
    if (agents < 1 || agentHosts < 1 || agentHosts > agents || tasks < 1 || slots < 1) {
      throw new IllegalArgumentException(
          "a chaos topology needs agents >= hosts >= 1, tasks, slots");
    }
  }

  int hosts() {
    return agentHosts + 1;
  }

  int trackerHost() {
    return agentHosts;
  }

  int hostOf(int agent) {
    return agent % agentHosts;
  }

  /** Agents sharing a host listen on different ports. */
  int p2pPort(int agent) {
    return FIRST_P2P_PORT + agent / agentHosts;
  }

  String agentName(int agent) {
    return "agent-" + agent;
  }
}
