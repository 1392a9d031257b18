package io.bzzz.tracker.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A response: status, headers (names in lower case) and the parsed JSON body. */
public record ApiReply(int status, Map<String, List<String>> headers, JsonNode body) {
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

  public ApiReply {
    TreeMap<String, List<String>> lower = new TreeMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
    headers = java.util.Collections.unmodifiableMap(lower);
  }

  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * The {@code rel="next"} target of a {@code Link} header (RFC 8288), as GitHub and Gitea send.
   */
  public Optional<String> nextLink() {
    return header("link")
        .flatMap(
            link -> {
              for (String part : link.split(",")) {
                Matcher m = NEXT_LINK.matcher(part.strip());
                if (m.matches()) {
                  return Optional.of(m.group(1));
                }
              }
              return Optional.empty();
            });
  }
}
