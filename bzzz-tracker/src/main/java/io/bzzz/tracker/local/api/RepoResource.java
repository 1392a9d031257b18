package io.bzzz.tracker.local.api;

import io.bzzz.tracker.local.names.Names;
import io.bzzz.tracker.local.store.Account;
import io.bzzz.tracker.local.store.Permission;
import java.util.Optional;

/** A repository, its collaborators and who may be assigned its issues. */
final class RepoResource {
  private final ApiContext ctx;

  RepoResource(ApiContext ctx) {
    this.ctx = ctx;
  }

  void register(Router router) {
    router
        .add("GET", "/repos/{owner}/{repo}", this::get)
        .add("GET", "/repos/{owner}/{repo}/assignees", this::assignees)
        .add("PUT", "/repos/{owner}/{repo}/collaborators/{collaborator}", this::addCollaborator)
        .add(
            "GET",
            "/repos/{owner}/{repo}/collaborators/{collaborator}/permission",
            this::permission);
  }

  private ApiResponse get(ApiRequest r) {
    ApiContext.RepoAccess a = ctx.repo(r);
    return ApiResponse.ok(ctx.repositoryJson(a.repo(), a.permission()));
  }

  private ApiResponse assignees(ApiRequest r) {
    ApiContext.RepoAccess a = ctx.repo(r);
    return ApiResponse.ok(
        ctx.store().repos().assignable(a.repo()).stream().map(ctx.json()::user).toList());
  }

  record AddCollaboratorOption(String permission) {}

  /** Gitea's collaborator permissions are read, write and admin; the default is write. */
  private ApiResponse addCollaborator(ApiRequest r) {
    r.requireUser();
    ApiContext.RepoAccess a = ctx.repo(r);
    if (!a.permission().atLeast(Permission.ADMIN)) {
      throw ApiException.forbidden("user should be an owner or a collaborator with admin");
    }
    String login = r.param("collaborator");
    Optional<Account> found =
        Names.isValidUser(login) ? ctx.accounts().byLogin(login) : Optional.empty();
    Account user =
        found.orElseThrow(
            () -> ApiException.unprocessable("user does not exist [name: " + login + "]"));
    String wanted = "write";
    if (r.body().length > 0) {
      AddCollaboratorOption o = r.body(AddCollaboratorOption.class);
      if (o.permission() != null) {
        wanted = o.permission();
      }
    }
    Permission p =
        switch (wanted) {
          case "read" -> Permission.READ;
          case "write" -> Permission.WRITE;
          case "admin" -> Permission.ADMIN;
          default -> throw ApiException.unprocessable("[Permission]: must be read, write or admin");
        };
    ctx.store().repos().setCollaborator(a.repo(), user, p);
    return ApiResponse.noContent();
  }

  record RepoCollaboratorPermission(String permission, String roleName, GiteaJson.User user) {}

  /**
   * Gitea's {@code GET .../collaborators/{collaborator}/permission}: repository admins may ask
   * about anyone, others only about themselves (403); an unknown user is 404.
   */
  private ApiResponse permission(ApiRequest r) {
    Account caller = r.requireUser();
    ApiContext.RepoAccess a = ctx.repo(r);
    String login = r.param("collaborator");
    Account user =
        (Names.isValidUser(login) ? ctx.accounts().byLogin(login) : Optional.<Account>empty())
            .orElseThrow(ApiException::notFound);
    if (!a.permission().atLeast(Permission.ADMIN) && caller.id() != user.id()) {
      throw ApiException.forbidden(
          "Only admins can query all permissions, repo admins can query all repo permissions,"
              + " collaborators can query only their own");
    }
    Permission p = ctx.store().repos().permission(a.repo(), Optional.of(user));
    String word = p.name().toLowerCase(java.util.Locale.ROOT);
    return ApiResponse.ok(new RepoCollaboratorPermission(word, word, ctx.json().user(user)));
  }
}
