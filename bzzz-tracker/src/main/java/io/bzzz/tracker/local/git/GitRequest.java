package io.bzzz.tracker.local.git;

import io.bzzz.tracker.local.names.Names;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a git smart HTTP request asks for, decided from the raw request line alone and only when it
 * is canonical. The path must be plain {@code /{owner}/{repo}.git/<endpoint>}: no percent escapes,
 * no path parameters ({@code ;x=1}), no dot segments, so that the endpoint seen here is the one
 * JGit routes to. Anything else is refused rather than guessed at. A pure function: no I/O.
 */
public sealed interface GitRequest {
  /** What the request would do to the repository. */
  enum Operation {
    READ,
    PUSH
  }

  /** A request for a git service of {@code owner/repo}. */
  record Service(String owner, String repo, Operation operation) implements GitRequest {}

  /** A request that is not served: its HTTP status and why (for the log, not for the client). */
  record Refused(int status, String reason) implements GitRequest {}

  String UPLOAD_PACK = "git-upload-pack";
  String RECEIVE_PACK = "git-receive-pack";

  /**
   * Only these characters: names, separators, and nothing a decoder or router could reinterpret.
   */
  Pattern PATH =
      Pattern.compile(
          "^/([A-Za-z0-9._-]+)/([A-Za-z0-9._-]+)\\.git/(info/refs|git-upload-pack|git-receive-pack)$");

  static GitRequest parse(String method, String rawPath, Optional<String> rawQuery) {
    Matcher m = PATH.matcher(rawPath);
    if (!m.matches()) {
      return new Refused(404, "not a canonical git smart HTTP path");
    }
    if (!Names.isValidUser(m.group(1)) || !Names.isValidRepo(m.group(2))) {
      return new Refused(404, "invalid owner or repository name");
    }
    String endpoint = m.group(3);
    if (endpoint.equals("info/refs")) {
      if (!method.equals("GET")) {
        return new Refused(405, "info/refs is read with GET");
      }
      Optional<String> service = service(rawQuery);
      if (service.isEmpty()) {
        return new Refused(403, "only smart HTTP with one service parameter is served");
      }
      return switch (service.get()) {
        case UPLOAD_PACK -> new Service(m.group(1), m.group(2), Operation.READ);
        case RECEIVE_PACK -> new Service(m.group(1), m.group(2), Operation.PUSH);
        default -> new Refused(403, "unknown git service");
      };
    }
    if (!method.equals("POST")) {
      return new Refused(405, endpoint + " is called with POST");
    }
    if (rawQuery.isPresent() && !rawQuery.get().isEmpty()) {
      return new Refused(400, endpoint + " takes no query");
    }
    return new Service(
        m.group(1), m.group(2), endpoint.equals(RECEIVE_PACK) ? Operation.PUSH : Operation.READ);
  }

  /**
   * The decoded value of the one {@code service} parameter; empty when there is none, more than
   * one, or the query cannot be decoded (JGit reads the first of several, so several are
   * ambiguous).
   */
  private static Optional<String> service(Optional<String> rawQuery) {
    if (rawQuery.isEmpty()) {
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    for (String pair : rawQuery.get().split("&", -1)) {
      int eq = pair.indexOf('=');
      try {
        String key =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        if (key.equals("service")) {
          values.add(
              URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return values.size() == 1 ? Optional.of(values.get(0)) : Optional.empty();
  }
}
