package io.bzzz.tracker.local.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.bzzz.tracker.local.auth.Accounts;
import io.bzzz.tracker.local.auth.Authenticator;
import io.bzzz.tracker.local.git.GitRepos;
import io.bzzz.tracker.local.hooks.HookDeliveries;
import io.bzzz.tracker.local.store.TrackerStore;
import jakarta.servlet.http.HttpServlet;

/** Assembles the Gitea-compatible API: one router, one resource class per kind of thing. */
public final class GiteaApi {
  private GiteaApi() {}

  static ObjectMapper mapper() {
    return JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  /** The servlet to mount at {@code /api/v1/*}. */
  public static HttpServlet servlet(
      TrackerStore store,
      GitRepos git,
      Accounts accounts,
      Authenticator authenticator,
      String baseUrl,
      long maxBodyBytes,
      HookDeliveries deliveries) {
    ApiContext ctx =
        new ApiContext(
            store,
            git,
            new GiteaJson(baseUrl),
            baseUrl,
            accounts,
            new IssueHooks(store, deliveries),
            new PullHooks(store, deliveries));
    Router router = new Router();
    new UserResource(ctx).register(router);
    new RepoResource(ctx).register(router);
    new LabelResource(ctx).register(router);
    IssueResource issues = new IssueResource(ctx);
    issues.register(router);
    new IssueLabelResource(ctx).register(router);
    new CommentResource(ctx).register(router);
    new BranchResource(ctx).register(router);
    new PullResource(ctx, issues).register(router);
    new HookResource(ctx).register(router);
    new ReviewResource(ctx).register(router);
    new ReactionResource(ctx).register(router);
    return new ApiServlet(router, authenticator, mapper(), baseUrl, maxBodyBytes);
  }
}
