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
        .add("PUT", "/repos/{owner}/{repo}/collaborators/{collaborator}", this::addCollaborator);
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
}
