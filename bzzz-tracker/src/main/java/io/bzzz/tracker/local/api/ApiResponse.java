package io.bzzz.tracker.local.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What a handler answers: a status, an optional JSON body and extra headers. */
record ApiResponse(int status, Optional<Object> body, Map<String, String> headers) {
  ApiResponse {
    headers = Map.copyOf(headers);
  }

  ApiResponse withHeader(String name, String value) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put(name, value);
    return new ApiResponse(status, body, all);
  }

  static ApiResponse ok(Object body) {
    return new ApiResponse(200, Optional.of(body), Map.of());
  }

  static ApiResponse created(Object body) {
    return new ApiResponse(201, Optional.of(body), Map.of());
  }

  static ApiResponse noContent() {
    return new ApiResponse(204, Optional.empty(), Map.of());
  }
}
