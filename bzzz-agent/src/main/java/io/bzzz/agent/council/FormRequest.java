package io.bzzz.agent.council;

import java.util.List;

/**
 * {@code POST /api/v1/councils}, in the shape WHOOSH used: a project, the repository it lives in,
 * and the roles its council needs. The agent files it as a brief (an issue labelled {@code
 * chorus-entrypoint} with a {@code bzzz-council} block), whose number is the council id.
 */
public record FormRequest(
    String projectName, String repository, List<String> coreRoles, List<String> optionalRoles) {
  public FormRequest {
    if (projectName == null || projectName.isBlank() || projectName.length() > 200) {
      throw new IllegalArgumentException("project_name is required (at most 200 characters)");
    }
    if (repository == null || repository.isBlank()) {
      throw new IllegalArgumentException("repository is required (OWNER/NAME)");
    }
    coreRoles = List.copyOf(coreRoles);
    optionalRoles = List.copyOf(optionalRoles);
    coreRoles.forEach(RoleRef::requireRole);
    optionalRoles.forEach(RoleRef::requireRole);
    if (coreRoles.size() + optionalRoles.size() > CouncilSpec.MAX_ROLES) {
      throw new IllegalArgumentException("at most " + CouncilSpec.MAX_ROLES + " roles");
    }
  }

  /** The brief's body: the roles as a {@code bzzz-council} block (the roles file's when none). */
  String briefBody() {
    StringBuilder b = new StringBuilder("Council brief filed through POST /api/v1/councils.\n");
    if (!coreRoles.isEmpty() || !optionalRoles.isEmpty()) {
      b.append("\n```").append(BriefReader.COUNCIL_BLOCK).append('\n');
      if (!coreRoles.isEmpty()) {
        b.append("core: [").append(String.join(", ", coreRoles)).append("]\n");
      }
      if (!optionalRoles.isEmpty()) {
        b.append("optional: [").append(String.join(", ", optionalRoles)).append("]\n");
      }
      b.append("```\n");
    }
    return b.toString();
  }
}
