package io.bzzz.agent.council;

import java.util.List;
import java.util.Optional;

/**
 * Read-only council membership (council id, role, peer id), for whoever needs to know who sits
 * where: the API, and the meta-discussion that counts objections and votes among members.
 */
public interface CouncilDirectory {
  List<CouncilView> councils();

  /** The council of brief {@code id} in {@code repository}. */
  Optional<CouncilView> council(String repository, int id);

  /** Whether this agent holds a role in that council. */
  boolean isMember(String repository, int id);
}
