package io.bzzz.tracker.local.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gitea's list paging: {@code page} from 1, {@code limit} defaulting to 30 and capped at 50, and
 * the {@code Link} (next, last, first, prev) and {@code X-Total-Count} headers on the answer.
 */
record Paging(int page, int limit) {
  static final int DEFAULT_LIMIT = 30;
  static final int MAX_LIMIT = 50;

  static Paging of(ApiRequest r) {
    int page = parse(r.query("page")).filter(p -> p > 0).orElse(1);
    int limit = parse(r.query("limit")).filter(l -> l > 0).orElse(DEFAULT_LIMIT);
    return new Paging(page, Math.min(limit, MAX_LIMIT));
  }

  private static Optional<Integer> parse(Optional<String> v) {
    try {
      return v.map(Integer::parseInt);
    } catch (NumberFormatException e) {
      throw ApiException.unprocessable("page and limit must be numbers");
    }
  }

  /** The answer to a paged list: the items, and headers that describe the whole list. */
  ApiResponse respond(String baseUrl, ApiRequest r, List<?> items, long total) {
    Map<String, String> headers = new HashMap<>();
    headers.put("X-Total-Count", Long.toString(total));
    headers.put("Access-Control-Expose-Headers", "X-Total-Count, Link");
    int last = (int) Math.max(1, (total + limit - 1) / limit);
    List<String> links = new ArrayList<>();
    if (page < last) {
      links.add(link(baseUrl, r, page + 1, "next"));
      links.add(link(baseUrl, r, last, "last"));
    }
    if (page > 1) {
      links.add(link(baseUrl, r, 1, "first"));
      links.add(link(baseUrl, r, Math.min(page - 1, last), "prev"));
    }
    if (!links.isEmpty()) {
      headers.put("Link", String.join(",", links));
    }
    return new ApiResponse(200, Optional.of(items), headers);
  }

  private String link(String baseUrl, ApiRequest r, int toPage, String rel) {
    StringBuilder q = new StringBuilder();
    r.query().entrySet().stream()
        .filter(e -> !e.getKey().equals("page") && !e.getKey().equals("limit"))
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              for (String v : e.getValue()) {
                q.append(enc(e.getKey())).append('=').append(enc(v)).append('&');
              }
            });
    q.append("limit=").append(limit).append("&page=").append(toPage);
    return "<" + baseUrl + r.path() + "?" + q + ">; rel=\"" + rel + "\"";
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The slice of a fully loaded list that this page shows. */
  <T> List<T> slice(List<T> all) {
    long from = (long) (page - 1) * limit;
    if (from >= all.size()) {
      return List.of();
    }
    return all.subList((int) from, (int) Math.min(all.size(), from + limit));
  }
}
