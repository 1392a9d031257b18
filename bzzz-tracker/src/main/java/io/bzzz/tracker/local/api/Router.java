package io.bzzz.tracker.local.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds the route for a method and path; 404 for an unknown path, 405 for a wrong method. */
final class Router {
  private final List<Route> routes = new ArrayList<>();

  Router add(String method, String pattern, Route.Handler handler) {
    routes.add(Route.of(method, pattern, handler));
    return this;
  }

  record Match(Route route, Map<String, String> params) {}

  Match find(String method, List<String> path) {
    boolean pathKnown = false;
    for (Route r : routes) {
      Optional<Map<String, String>> params = r.match(path);
      if (params.isPresent()) {
        if (r.method().equals(method)) {
          return new Match(r, params.get());
        }
        pathKnown = true;
      }
    }
    if (pathKnown) {
      throw new ApiException(405, "method not allowed");
    }
    throw ApiException.notFound();
  }
}
