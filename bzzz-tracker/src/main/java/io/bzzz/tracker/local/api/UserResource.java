package io.bzzz.tracker.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.tracker.local.auth.Accounts;
import io.bzzz.tracker.local.names.Names;
import io.bzzz.tracker.local.store.Account;
import io.bzzz.tracker.local.store.Permission;
import io.bzzz.tracker.local.store.Repo;
import java.util.List;
import java.util.Optional;

/** The server version, users, their tokens, and the repositories of the caller. */
final class UserResource {
  static final String VERSION = "1.22.0+bzzz";

  private final ApiContext ctx;

  UserResource(ApiContext ctx) {
    this.ctx = ctx;
  }

  void register(Router router) {
    router
        .add("GET", "/version", r -> ApiResponse.ok(new GiteaJson.ServerVersion(VERSION)))
        .add("GET", "/user", r -> ApiResponse.ok(ctx.json().user(r.requireUser())))
        .add("GET", "/user/repos", this::listOwnRepos)
        .add("POST", "/user/repos", this::createRepo)
        .add("GET", "/users/{username}", this::getUser)
        .add("POST", "/users/{username}/tokens", this::createToken)
        .add("DELETE", "/users/{username}/tokens/{token}", this::deleteToken)
        .add("POST", "/admin/users", this::createUser);
  }

  record CreateRepoOption(
      String name,
      String description,
      boolean isPrivate,
      boolean autoInit,
      String defaultBranch,
      String readme) {}

  /** Read as a tree: "private" is a Java keyword, and Gitea treats a missing flag as false. */
  private CreateRepoOption repoOption(ApiRequest r) {
    JsonNode node = r.body(JsonNode.class);
    if (!node.isObject()) {
      throw ApiException.unprocessable("request body must be a JSON object");
    }
    return new CreateRepoOption(
        text(node, "name"),
        text(node, "description"),
        node.path("private").asBoolean(false),
        node.path("auto_init").asBoolean(false),
        text(node, "default_branch"),
        text(node, "readme"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.unprocessable("[" + field + "]: must be a string");
    }
    return v.asText();
  }

  private ApiResponse createRepo(ApiRequest r) {
    Account owner = r.requireUser();
    CreateRepoOption o = repoOption(r);
    if (o.name() == null || o.name().isBlank()) {
      throw ApiException.unprocessable("[Name]: Required");
    }
    if (!Names.isValidRepo(o.name())) {
      throw ApiException.unprocessable(
          "[Name]: name may only contain letters, digits, '-', '_' and '.'");
    }
    String branch =
        o.defaultBranch() == null || o.defaultBranch().isBlank() ? "main" : o.defaultBranch();
    if (!Names.isValidBranch(branch)) {
      throw ApiException.unprocessable("[DefaultBranch]: invalid branch name");
    }
    String description = o.description() == null ? "" : o.description();
    Optional<String> readme =
        o.autoInit()
            ? Optional.of("# " + o.name() + "\n\n" + description + "\n")
            : Optional.empty();
    Repo repo =
        ctx.store()
            .repos()
            .create(
                owner,
                o.name(),
                description,
                o.isPrivate(),
                branch,
                () ->
                    ctx.git()
                        .create(
                            owner.login(), o.name(), branch, readme, owner.login(), owner.email()));
    return ApiResponse.created(ctx.repositoryJson(repo, Permission.ADMIN));
  }

  private ApiResponse listOwnRepos(ApiRequest r) {
    Account user = r.requireUser();
    Paging paging = Paging.of(r);
    List<Repo> all = ctx.store().repos().ownedBy(user);
    List<GiteaJson.Repository> page =
        paging.slice(all).stream().map(repo -> ctx.repositoryJson(repo, Permission.ADMIN)).toList();
    return paging.respond(ctx.baseUrl(), r, page, all.size());
  }

  private ApiResponse getUser(ApiRequest r) {
    String login = r.param("username");
    if (!Names.isValidUser(login)) {
      throw ApiException.notFound();
    }
    return ApiResponse.ok(
        ctx.json().user(ctx.accounts().byLogin(login).orElseThrow(ApiException::notFound)));
  }

  record CreateUserOption(String username, String email, String password, String fullName) {}

  /** Site administrators create users, as with Gitea's {@code POST /admin/users}. */
  private ApiResponse createUser(ApiRequest r) {
    Account caller = r.requireUser();
    if (!caller.admin()) {
      throw ApiException.forbidden("reqSiteAdmin");
    }
    CreateUserOption o = r.body(CreateUserOption.class);
    if (o.username() == null || o.username().isBlank()) {
      throw ApiException.unprocessable("[Username]: Required");
    }
    if (o.email() == null || !o.email().contains("@")) {
      throw ApiException.unprocessable("[Email]: Required");
    }
    Account created =
        ctx.accounts()
            .createUser(o.username(), o.email(), false, Optional.ofNullable(o.password()));
    return ApiResponse.created(ctx.json().user(created));
  }

  record CreateAccessTokenOption(String name, List<String> scopes) {}

  /**
   * Mints a token for {@code username}. The caller is that user with a password (as Gitea asks for
   * basic auth here) or a site administrator.
   */
  private ApiResponse createToken(ApiRequest r) {
    Account target = tokenOwner(r, "create");
    CreateAccessTokenOption o = r.body(CreateAccessTokenOption.class);
    if (o.name() == null || o.name().isBlank()) {
      throw ApiException.unprocessable("[Name]: Required");
    }
    Accounts.IssuedToken t = ctx.accounts().createToken(target, o.name());
    List<String> scopes = o.scopes() == null ? List.of("all") : o.scopes();
    return ApiResponse.created(
        new GiteaJson.AccessToken(t.id(), t.name(), t.token(), t.lastEight(), scopes));
  }

  /** Revokes a token by id or name (Gitea's {@code DELETE /users/{username}/tokens/{token}}). */
  private ApiResponse deleteToken(ApiRequest r) {
    Account target = tokenOwner(r, "delete");
    if (!ctx.accounts().deleteToken(target, r.param("token"))) {
      throw ApiException.notFound();
    }
    return ApiResponse.noContent();
  }

  /** The user whose tokens the caller manages: that user or a site administrator. */
  private Account tokenOwner(ApiRequest r, String verb) {
    Account caller = r.requireUser();
    String login = r.param("username");
    if (!Names.isValidUser(login)) {
      throw ApiException.notFound();
    }
    Account target = ctx.accounts().byLogin(login).orElseThrow(ApiException::notFound);
    if (!caller.admin() && caller.id() != target.id()) {
      throw ApiException.forbidden(
          "only the user or a site administrator may " + verb + " its tokens");
    }
    return target;
  }
}
