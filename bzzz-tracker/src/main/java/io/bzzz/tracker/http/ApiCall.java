package io.bzzz.tracker.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One API call. {@code target} is a path under the API base ({@code /repos/o/r/issues?state=open})
 * or an absolute URL on the same host (a {@code Link: rel="next"} page).
 *
 * @param probe for a write whose outcome is unknown (a lost answer, a 5xx): looks for the effect
 *     before the call is repeated, e.g. a comment carrying this request's marker. Present means the
 *     write already happened and is not repeated.
 */
public record ApiCall(
    String method,
    String target,
    Optional<JsonNode> body,
    Optional<Supplier<Optional<JsonNode>>> probe) {

  public static ApiCall get(String target) {
    return new ApiCall("GET", target, Optional.empty(), Optional.empty());
  }

  public static ApiCall write(String method, String target, JsonNode body) {
    return new ApiCall(method, target, Optional.of(body), Optional.empty());
  }

  public static ApiCall delete(String target) {
    return new ApiCall("DELETE", target, Optional.empty(), Optional.empty());
  }

  public ApiCall withProbe(Supplier<Optional<JsonNode>> lookup) {
    return new ApiCall(method, target, body, Optional.of(lookup));
  }

  public boolean isWrite() {
    return !method.equals("GET") && !method.equals("HEAD");
  }

  /** PUT, PATCH and DELETE set a state; repeating them is harmless. POST creates. */
  public boolean isIdempotent() {
    return !method.equals("POST");
  }
}
