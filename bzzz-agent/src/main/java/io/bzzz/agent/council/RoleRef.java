package io.bzzz.agent.council;

import java.util.regex.Pattern;

/**
 * A seat's lock: branch {@code bzzz/council-<n>/<role>} for attempt 1, {@code
 * bzzz/council-<n>/<role>-a<k>} for attempt k &gt; 1, created from the default branch head like a
 * task's claim branch. The convener's seat is the role {@value #CONVENER}, a name no real role can
 * take (role names start with a letter or digit).
 */
public record RoleRef(int council, String role, int attempt) {
  public static final String CONVENER = "_convener";
  private static final Pattern ROLE = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  public RoleRef {
    if (council < 1 || attempt < 1) {
      throw new IllegalArgumentException("council and attempt start at 1");
    }
    if (!role.equals(CONVENER)) {
      requireRole(role);
    }
  }

  /** Role names: lower-case letters, digits and '-', at most 40, as labels and refs allow. */
  public static String requireRole(String role) {
    if (role == null || !ROLE.matcher(role).matches() || role.contains("--")) {
      throw new IllegalArgumentException(
          "invalid role '" + role + "': lower-case letters, digits and '-' (at most 40)");
    }
    return role;
  }

  public static boolean isRole(String role) {
    return role != null && ROLE.matcher(role).matches() && !role.contains("--");
  }

  /** Every seat of council {@code council} lives under this prefix. */
  public static String prefix(int council) {
    return "bzzz/council-" + council + "/";
  }

  public String name() {
    return prefix(council) + role + (attempt == 1 ? "" : "-a" + attempt);
  }

  public RoleRef next() {
    return new RoleRef(council, role, attempt + 1);
  }
}
