package io.bzzz.tracker.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The shape of a tracker API path, for a metric label: <code>/repos/o/r/issues/12/labels/bug</code>
 * becomes <code>issues/&#42;/labels/&#42;</code>. Words outside a fixed vocabulary (owners,
 * repositories, numbers, label and branch names) become {@code *}, and the result is at most {@link
 * #MAX_SEGMENTS} segments, so the set of routes stays small whatever a tracker's links say.
 */
public final class ApiRoutes {
  static final int MAX_SEGMENTS = 6;
  private static final Set<String> WORDS =
      Set.of(
          "user",
          "repos",
          "issues",
          "comments",
          "labels",
          "pulls",
          "git",
          "ref",
          "refs",
          "heads",
          "branches",
          "assignees",
          "contents",
          "collaborators",
          "hooks",
          "orgs",
          "users",
          "rate_limit",
          "reviews",
          "reactions",
          "merge",
          "replies",
          "permission");

  private ApiRoutes() {}

  /**
   * @param path the request's raw path below the API root (query and root already removed)
   */
  public static String of(String path) {
    String[] parts = path.split("/");
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < parts.length && parts[i].isEmpty()) {
      i++;
    }
    boolean repo = i + 2 < parts.length && parts[i].equals("repos");
    if (repo) {
      i += 3; // repos/{owner}/{repo}: every repository call has it; it says nothing
    }
    for (; i < parts.length && out.size() < MAX_SEGMENTS; i++) {
      if (parts[i].isEmpty()) {
        continue;
      }
      String word = WORDS.contains(parts[i]) ? parts[i] : "*";
      if (word.equals("*") && !out.isEmpty() && out.get(out.size() - 1).equals("*")) {
        continue; // a branch name with slashes is one wildcard
      }
      out.add(word);
    }
    if (out.isEmpty()) {
      return repo ? "repo" : "root";
    }
    return String.join("/", out);
  }
}
