package io.bzzz.agent.council;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The {@code data} of the council topic's messages (docs/councils.md, contract). They travel in the
 * same envelope as the coordination messages of DESIGN §3.
 */
public sealed interface CouncilMessage {
  /** The council id: the brief's issue number, as text. */
  String councilId();

  String repository();

  String wireType();

  /**
   * {@code council_opportunity}: {@code council_id, project, repository, entrypoint_issue,
   * core_roles, optional_roles, deadline, lead_role, attempt, filled} ({@code filled}: role to peer
   * id of the seats known to be taken).
   */
  record Opportunity(
      String councilId,
      String project,
      String repository,
      int entrypointIssue,
      List<String> coreRoles,
      List<String> optionalRoles,
      Instant deadline,
      String leadRole,
      int attempt,
      Map<String, String> filled)
      implements CouncilMessage {
    public Opportunity {
      coreRoles = List.copyOf(coreRoles);
      optionalRoles = List.copyOf(optionalRoles);
      filled = Map.copyOf(filled);
    }

    @Override
    public String wireType() {
      return "council_opportunity";
    }
  }

  /**
   * {@code council_status}: {@code council_id, repository, state, members} (role to {@code
   * {peer_id, name}}), {@code missing_roles}, {@code attempt}.
   */
  record Status(
      String councilId,
      String repository,
      CouncilState state,
      Map<String, Member> members,
      List<String> missingRoles,
      int attempt)
      implements CouncilMessage {
    public Status {
      members = Map.copyOf(members);
      missingRoles = List.copyOf(missingRoles);
    }

    @Override
    public String wireType() {
      return "council_status";
    }
  }

  /** {@code council_role_claimed}: {@code council_id, repository, role, attempt, peer_id, name}. */
  record RoleClaimed(
      String councilId, String repository, String role, int attempt, String peerId, String name)
      implements CouncilMessage {
    @Override
    public String wireType() {
      return "council_role_claimed";
    }
  }

  /** A member as {@code council_status} names it. */
  record Member(String peerId, String name) {}
}
