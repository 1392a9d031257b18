package io.bzzz.api;

import io.bzzz.agent.council.BriefNotLabelled;
import io.bzzz.agent.council.CouncilDesk;
import io.bzzz.agent.council.CouncilView;
import io.bzzz.agent.council.FormRequest;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.http.Token;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.Promise;

/**
 * {@code /api/v1/councils}: GET lists the councils this agent knows, {@code GET
 * /api/v1/councils/{id}} shows one ({@code ?repo=OWNER/NAME} when several repositories have that
 * brief number), POST starts one (201 with its id). POST needs the caller's tracker token ({@code
 * Authorization: token T}): the brief is filed as that account, so the tracker decides whether it
 * may, and an unauthenticated caller cannot make this agent write to its tracker. POST also needs
 * {@code Content-Type: application/json}, which a page of another origin cannot send without a
 * preflight this API never grants, and a body of at most 16 KiB.
 */
final class CouncilRoutes {
  static final String PATH = "/api/v1/councils";
  private static final int MAX_BODY = 16 * 1024;

  /** What a route answers: status, JSON body. */
  record Answer(int status, String body) {}

  private final CouncilDesk desk;

  CouncilRoutes(CouncilDesk desk) {
    this.desk = desk;
  }

  static boolean matches(String path) {
    return path.equals(PATH) || path.startsWith(PATH + "/");
  }

  /** Answers {@code request}; POST bodies are read asynchronously and filed off Jetty's threads. */
  void handle(Request request, Consumer<Answer> reply) {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    if (path.equals(PATH) && method.equals("POST") && desk.forms()) {
      post(request, reply);
      return;
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      reply.accept(new Answer(405, CouncilJson.error("method not allowed")));
      return;
    }
    if (path.equals(PATH)) {
      reply.accept(new Answer(200, CouncilJson.list(desk.councils())));
      return;
    }
    String id = path.substring(PATH.length() + 1);
    if (!id.matches("[1-9][0-9]{0,9}") || Long.parseLong(id) > Integer.MAX_VALUE) {
      reply.accept(new Answer(404, CouncilJson.error("no such council")));
      return;
    }
    Fields query = Request.extractQueryParameters(request);
    Optional<String> repo = Optional.ofNullable(query.getValue("repo"));
    int n = Integer.parseInt(id);
    Optional<CouncilView> found =
        repo.isPresent()
            ? desk.council(repo.get(), n)
            : desk.councils().stream().filter(c -> c.brief() == n).findFirst();
    reply.accept(
        found
            .map(c -> new Answer(200, CouncilJson.one(c)))
            .orElse(new Answer(404, CouncilJson.error("no such council"))));
  }

  private void post(Request request, Consumer<Answer> reply) {
    Optional<Token> caller = bearer(request.getHeaders().get(HttpHeader.AUTHORIZATION));
    if (caller.isEmpty()) {
      reply.accept(
          new Answer(
              401,
              CouncilJson.error(
                  "a tracker token is required (Authorization: token T): the brief is filed as"
                      + " that account, never as this agent")));
      return;
    }
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      reply.accept(new Answer(415, CouncilJson.error("Content-Type must be application/json")));
      return;
    }
    long length = request.getLength();
    if (length < 0) {
      reply.accept(new Answer(411, CouncilJson.error("Content-Length is required")));
      return;
    }
    if (length > MAX_BODY) {
      reply.accept(new Answer(413, CouncilJson.error("the body is over " + MAX_BODY + " bytes")));
      return;
    }
    Content.Source.asString(
        request,
        StandardCharsets.UTF_8,
        new Promise<String>() {
          @Override
          public void succeeded(String body) {
            // filing the brief calls the tracker: not on Jetty's thread
            Thread.ofVirtual()
                .name("council-form")
                .start(() -> reply.accept(form(body, caller.get())));
          }

          @Override
          public void failed(Throwable x) {
            reply.accept(new Answer(400, CouncilJson.error("cannot read the body")));
          }
        });
  }

  /**
   * The token of {@code Authorization: token T} (Gitea's and GitHub's form) or {@code Bearer T};
   * empty when absent or malformed.
   */
  static Optional<Token> bearer(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String[] parts = header.strip().split("\\s+", 2);
    if (parts.length != 2
        || !(parts[0].equalsIgnoreCase("token") || parts[0].equalsIgnoreCase("bearer"))) {
      return Optional.empty();
    }
    try {
      return Optional.of(Token.of(parts[1]));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private Answer form(String body, Token caller) {
    FormRequest r;
    try {
      r = CouncilJson.request(body);
    } catch (IllegalArgumentException e) {
      return new Answer(422, CouncilJson.error(e.getMessage()));
    }
    try {
      return new Answer(201, CouncilJson.created(desk.form(r, caller), r.repository()));
    } catch (IllegalArgumentException e) {
      return new Answer(422, CouncilJson.error(e.getMessage()));
    } catch (BriefNotLabelled e) {
      return new Answer(403, CouncilJson.error(e.getMessage()));
    } catch (TrackerException.Unauthorized e) {
      return new Answer(
          403,
          CouncilJson.error("the tracker refused this token: " + caller.redact(e.getMessage())));
    } catch (TrackerException e) {
      return new Answer(
          502,
          CouncilJson.error("the tracker refused the brief: " + caller.redact(e.getMessage())));
    }
  }
}
