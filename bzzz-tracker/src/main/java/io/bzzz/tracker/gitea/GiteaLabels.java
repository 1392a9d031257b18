package io.bzzz.tracker.gitea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.http.ApiCall;
import io.bzzz.tracker.http.ApiClient;
import io.bzzz.tracker.http.ForgeJson;
import io.bzzz.tracker.http.Pages;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A repository's labels by name, because Gitea sets issue labels by id. Names are compared
 * case-insensitively, as Gitea does; the cache refreshes on a miss.
 */
final class GiteaLabels {
  private final ApiClient api;
  private final String root;
  private final RepoRef repo;
  private final Pages pages;
  private final Map<String, Long> ids = new ConcurrentHashMap<>();

  GiteaLabels(ApiClient api, String root, RepoRef repo, Pages pages) {
    this.api = api;
    this.root = root;
    this.repo = repo;
    this.pages = pages;
  }

  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** Creates every label in {@code specs} the repository lacks. */
  void ensure(List<BzzzLabels.LabelSpec> specs) {
    refresh();
    for (BzzzLabels.LabelSpec spec : specs) {
      if (!ids.containsKey(key(spec.name()))) {
        create(spec);
      }
    }
  }

  /** The id of a label by name; Bzzz's own labels are created on first use. */
  long id(String name) {
    Long id = ids.get(key(name));
    if (id == null) {
      refresh();
      id = ids.get(key(name));
    }
    if (id == null) {
      BzzzLabels.LabelSpec known =
          BzzzLabels.ALL.stream()
              .filter(s -> s.name().equalsIgnoreCase(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new TrackerException.InvalidInput(
                          repo + " has no label '" + name + "'; create it first"));
      create(known);
      id = ids.get(key(name));
    }
    return id;
  }

  /** The id if already seen, without a request. */
  Optional<Long> known(String name) {
    return Optional.ofNullable(ids.get(key(name)));
  }

  private void create(BzzzLabels.LabelSpec spec) {
    ObjectNode body =
        api.nodes().objectNode().put("name", spec.name()).put("color", "#" + spec.color());
    try {
      JsonNode label = api.call(ApiCall.write("POST", root + "/labels", body));
      ids.put(key(spec.name()), ForgeJson.id(label, "id"));
    } catch (TrackerException.Conflict e) {
      refresh();
    }
  }

  private void refresh() {
    pages.each(
        root + "/labels",
        "labels",
        labels -> {
          labels.forEach(l -> ids.put(key(ForgeJson.text(l, "name")), ForgeJson.id(l, "id")));
          return true;
        });
  }
}
