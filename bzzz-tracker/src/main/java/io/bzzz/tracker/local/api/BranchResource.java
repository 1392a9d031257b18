package io.bzzz.tracker.local.api;

import io.bzzz.tracker.local.git.BranchCreation;
import io.bzzz.tracker.local.git.BranchHead;
import io.bzzz.tracker.local.git.ClaimRefs;
import io.bzzz.tracker.local.names.Names;
import io.bzzz.tracker.local.names.RefNames;
import io.bzzz.tracker.local.store.Permission;
import java.util.List;
import java.util.Optional;

/**
 * Branches: list, get, create, delete. Creation is the claim primitive of DESIGN §5: of concurrent
 * creations of one name exactly one gets 201, the others 409.
 */
final class BranchResource {
  private static final String PATH = "/repos/{owner}/{repo}/branches";

  private final ApiContext ctx;

  BranchResource(ApiContext ctx) {
    this.ctx = ctx;
  }

  void register(Router router) {
    router
        .add("GET", PATH, this::list)
        .add("POST", PATH, this::create)
        .add("GET", PATH + "/{branch*}", this::get)
        .add("DELETE", PATH + "/{branch*}", this::delete);
  }

  private ApiResponse list(ApiRequest r) {
    ApiContext.RepoAccess a = ctx.repo(r);
    Paging paging = Paging.of(r);
    List<BranchHead> all = ctx.git().branches(a.repo());
    return paging.respond(
        ctx.baseUrl(),
        r,
        paging.slice(all).stream()
            .map(b -> ctx.json().branch(a.repo(), b, a.permission()))
            .toList(),
        all.size());
  }

  private ApiResponse get(ApiRequest r) {
    ApiContext.RepoAccess a = ctx.repo(r);
    String name = r.param("branch");
    if (!Names.isValidBranch(name)) {
      throw ApiException.notFound();
    }
    BranchHead b = ctx.git().branch(a.repo(), name).orElseThrow(ApiException::notFound);
    return ApiResponse.ok(ctx.json().branch(a.repo(), b, a.permission()));
  }

  record CreateBranchRepoOption(String newBranchName, String oldBranchName, String oldRefName) {}

  private ApiResponse create(ApiRequest r) {
    ApiContext.RepoAccess a = ctx.writableRepo(r);
    CreateBranchRepoOption o = r.body(CreateBranchRepoOption.class);
    if (o.newBranchName() == null || o.newBranchName().isBlank()) {
      throw ApiException.unprocessable("[NewBranchName]: Required");
    }
    if (!Names.isValidBranch(o.newBranchName())) {
      throw ApiException.unprocessable("[NewBranchName]: invalid branch name");
    }
    String from;
    if (o.oldRefName() != null && !o.oldRefName().isBlank()) {
      from = validRef(o.oldRefName(), "OldRefName");
    } else if (o.oldBranchName() != null && !o.oldBranchName().isBlank()) {
      from = validRef(o.oldBranchName(), "OldBranchName");
    } else {
      from = a.repo().defaultBranch();
    }
    BranchCreation result =
        ctx.store()
            .repos()
            .changeRefs(() -> ctx.git().createBranch(a.repo(), o.newBranchName(), from));
    return switch (result) {
      case BranchCreation.Created c ->
          ApiResponse.created(ctx.json().branch(a.repo(), c.branch(), a.permission()));
      case BranchCreation.AlreadyExists x ->
          throw ApiException.conflict("The branch already exists.");
      case BranchCreation.SourceMissing x ->
          throw new ApiException(404, "The old branch does not exist");
    };
  }

  /** A source ref from the body: checked before JGit reads anything named by it. */
  private static String validRef(String name, String field) {
    Optional<String> problem = RefNames.problem(name);
    if (problem.isPresent()) {
      throw ApiException.unprocessable("[" + field + "]: invalid ref name: it " + problem.get());
    }
    return name;
  }

  private ApiResponse delete(ApiRequest r) {
    ApiContext.RepoAccess a = ctx.writableRepo(r);
    String name = r.param("branch");
    if (!Names.isValidBranch(name)) {
      throw ApiException.notFound();
    }
    if (name.equals(a.repo().defaultBranch())) {
      throw ApiException.forbidden("can not delete default branch");
    }
    if (ClaimRefs.isClaimBranch(name) && !a.permission().atLeast(Permission.ADMIN)) {
      // The claim branch is the task's fencing token: only an administrator may take it away.
      throw ApiException.forbidden("only a repository administrator may delete a claim branch");
    }
    boolean deleted = ctx.store().repos().changeRefs(() -> ctx.git().deleteBranch(a.repo(), name));
    if (!deleted) {
      throw ApiException.notFound();
    }
    return ApiResponse.noContent();
  }
}
