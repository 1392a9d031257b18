package io.bzzz.tracker.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.tracker.local.store.Hook;
import io.bzzz.tracker.local.store.Permission;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Gitea's repository webhooks: {@code POST, GET /repos/{owner}/{repo}/hooks}, {@code GET, DELETE
 * .../hooks/{id}}, for repository admins. Only {@code type: gitea} with {@code content_type: json}
 * is served (Gitea also has form posts and chat services); {@code active} defaults to false and
 * {@code events} to {@code ["push"]}, as in Gitea. The secret is stored, never shown.
 */
final class HookResource {
  private static final String PATH = "/repos/{owner}/{repo}/hooks";

  /**
   * Gitea's repository events an API client may name; deliveries exist for {@code issues}, {@code
   * issue_label}, {@code issue_comment}, {@code pull_request_comment} and {@code
   * pull_request_review}.
   */
  static final Set<String> EVENTS =
      Set.of(
          "create",
          "delete",
          "fork",
          "push",
          "issues",
          "issue_assign",
          "issue_label",
          "issue_milestone",
          "issue_comment",
          "pull_request",
          "pull_request_assign",
          "pull_request_label",
          "pull_request_milestone",
          "pull_request_comment",
          "pull_request_review",
          "pull_request_sync",
          "wiki",
          "repository",
          "release");

  private final ApiContext ctx;

  HookResource(ApiContext ctx) {
    this.ctx = ctx;
  }

  void register(Router router) {
    router
        .add("GET", PATH, this::list)
        .add("POST", PATH, this::create)
        .add("GET", PATH + "/{id}", this::get)
        .add("DELETE", PATH + "/{id}", this::delete);
  }

  /** Hooks hold secrets and reach other machines: repository admins only, as in Gitea. */
  private ApiContext.RepoAccess admin(ApiRequest r) {
    r.requireUser();
    ApiContext.RepoAccess a = ctx.repo(r);
    if (!a.permission().atLeast(Permission.ADMIN)) {
      throw ApiException.forbidden("user should be an owner or a collaborator with admin write");
    }
    return a;
  }

  private ApiResponse list(ApiRequest r) {
    ApiContext.RepoAccess a = admin(r);
    return ApiResponse.ok(ctx.store().hooks().list(a.repo()).stream().map(this::json).toList());
  }

  private ApiResponse get(ApiRequest r) {
    ApiContext.RepoAccess a = admin(r);
    return ApiResponse.ok(
        json(
            ctx.store()
                .hooks()
                .get(a.repo(), r.longParam("id"))
                .orElseThrow(ApiException::notFound)));
  }

  private ApiResponse delete(ApiRequest r) {
    ApiContext.RepoAccess a = admin(r);
    if (!ctx.store().hooks().delete(a.repo(), r.longParam("id"))) {
      throw ApiException.notFound();
    }
    return ApiResponse.noContent();
  }

  private ApiResponse create(ApiRequest r) {
    ApiContext.RepoAccess a = admin(r);
    JsonNode o = r.body(JsonNode.class);
    String type = o.path("type").asText("");
    if (type.isEmpty()) {
      throw ApiException.unprocessable("[Type]: Required");
    }
    if (!type.equals("gitea")) {
      throw ApiException.unprocessable("invalid hook type: only gitea is served here");
    }
    JsonNode config = o.path("config");
    if (!config.isObject()) {
      throw ApiException.unprocessable("[Config]: Required");
    }
    String url = config.path("url").asText("");
    String contentType = config.path("content_type").asText("");
    if (url.isEmpty() || contentType.isEmpty()) {
      throw ApiException.unprocessable("missing config option: url and content_type are required");
    }
    if (!contentType.equals("json")) {
      throw ApiException.unprocessable("invalid content type: only json is served here");
    }
    requireHttpUrl(url);
    List<String> events = new ArrayList<>();
    JsonNode given = o.path("events");
    if (given.isArray()) {
      for (JsonNode e : given) {
        String name = e.asText("").toLowerCase(Locale.ROOT);
        if (!EVENTS.contains(name)) {
          throw ApiException.unprocessable("unknown event: " + e.asText(""));
        }
        events.add(name);
      }
    } else if (!given.isMissingNode() && !given.isNull()) {
      throw ApiException.unprocessable("[Events]: a list of event names");
    }
    if (events.isEmpty()) {
      events.add("push"); // Gitea's default
    }
    Hook hook =
        ctx.store()
            .hooks()
            .create(
                a.repo(),
                url,
                contentType,
                config.path("secret").asText(""),
                events.stream().distinct().toList(),
                o.path("active").asBoolean(false));
    return ApiResponse.created(json(hook));
  }

  private static void requireHttpUrl(String url) {
    try {
      URI u = new URI(url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
        throw ApiException.unprocessable("invalid url: an http or https URL is required");
      }
    } catch (URISyntaxException e) {
      throw ApiException.unprocessable("invalid url: " + e.getReason());
    }
  }

  /** Gitea's Hook object; {@code config} without the secret. */
  record HookJson(
      long id,
      String type,
      String branchFilter,
      Map<String, String> config,
      List<String> events,
      String authorizationHeader,
      boolean active,
      boolean isSystemWebhook,
      String updatedAt,
      String createdAt) {}

  private HookJson json(Hook h) {
    return new HookJson(
        h.id(),
        "gitea",
        "*",
        Map.of("url", h.url(), "content_type", h.contentType(), "http_method", "post"),
        h.events(),
        "",
        h.active(),
        false,
        GiteaJson.time(h.updated()),
        GiteaJson.time(h.created()));
  }
}
