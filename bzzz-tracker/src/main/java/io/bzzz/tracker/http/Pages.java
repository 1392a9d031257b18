package io.bzzz.tracker.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * How a forge splits a long list across pages. GitHub links each page to the next ({@code Link:
 * rel="next"}); Gitea numbers them and a short page is the last.
 */
public sealed interface Pages permits Pages.Linked, Pages.Numbered {

  /**
   * Fetches the list at {@code target} (a path, with or without a query) page by page and hands
   * each page's elements to {@code visit}, until the list ends or {@code visit} returns false.
   *
   * @param what what the list holds, for the error when a page is not a JSON array
   */
  void each(String target, String what, Predicate<List<JsonNode>> visit);

  /** The first element of the list at {@code target} that {@code match} accepts. */
  default Optional<JsonNode> find(String target, String what, Predicate<JsonNode> match) {
    AtomicReference<JsonNode> found = new AtomicReference<>();
    each(
        target,
        what,
        page -> {
          page.stream().filter(match).findFirst().ifPresent(found::set);
          return found.get() == null;
        });
    return Optional.ofNullable(found.get());
  }

  private static String withParameter(String target, String parameter) {
    return target + (target.contains("?") ? "&" : "?") + parameter;
  }

  /** GitHub: {@code per_page=size}, then the {@code next} links until there are none. */
  record Linked(ApiClient api, int size) implements Pages {
    @Override
    public void each(String target, String what, Predicate<List<JsonNode>> visit) {
      Optional<String> next = Optional.of(withParameter(target, "per_page=" + size));
      while (next.isPresent()) {
        ApiReply page = api.send(ApiCall.get(next.get()));
        if (!visit.test(ForgeJson.elements(page.body(), what))) {
          return;
        }
        next = page.nextLink();
      }
    }
  }

  /** Gitea: {@code limit=size&page=n} from 1 until a page holds fewer than {@code size}. */
  record Numbered(ApiClient api, int size) implements Pages {
    @Override
    public void each(String target, String what, Predicate<List<JsonNode>> visit) {
      String base = withParameter(target, "limit=" + size + "&page=");
      for (int n = 1; ; n++) {
        List<JsonNode> page = ForgeJson.elements(api.call(ApiCall.get(base + n)), what);
        if (!visit.test(page) || page.size() < size) {
          return;
        }
      }
    }
  }
}
