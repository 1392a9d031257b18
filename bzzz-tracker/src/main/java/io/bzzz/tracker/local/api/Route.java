package io.bzzz.tracker.local.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A method and a path pattern such as {@code /repos/{owner}/{repo}/issues/{index}}. */
record Route(String method, List<String> segments, Handler handler) {

  @FunctionalInterface
  interface Handler {
    ApiResponse handle(ApiRequest request);
  }

  static Route of(String method, String pattern, Handler handler) {
    return new Route(method, List.of(pattern.substring(1).split("/")), handler);
  }

  /**
   * The path parameters when {@code path} (decoded segments) fits this pattern. A last segment
   * {@code {name*}} takes the rest of the path joined by '/', for branch names such as {@code
   * bzzz/task-1} sent without encoding their slash.
   */
  Optional<Map<String, String>> match(List<String> path) {
    String last = segments.get(segments.size() - 1);
    boolean greedy = last.endsWith("*}");
    if (greedy ? path.size() < segments.size() : path.size() != segments.size()) {
      return Optional.empty();
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < segments.size(); i++) {
      String s = segments.get(i);
      if (greedy && i == segments.size() - 1) {
        params.put(s.substring(1, s.length() - 2), String.join("/", path.subList(i, path.size())));
      } else if (s.startsWith("{")) {
        params.put(s.substring(1, s.length() - 1), path.get(i));
      } else if (!s.equals(path.get(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(params);
  }
}
