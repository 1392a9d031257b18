package io.bzzz.cli.agent;

import io.bzzz.cli.common.CliFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Sets up the demo repository on the local tracker through its Gitea API, as any client would. */
final class DemoForge {
  private DemoForge() {}

  static void createRepo(String baseUrl, String token, String name) {
    post(baseUrl + "/api/v1/user/repos", token, "{\"name\":\"" + name + "\",\"auto_init\":true}");
  }

  static void createLabel(String baseUrl, String token, String repo, String label) {
    post(
        baseUrl + "/api/v1/repos/" + repo + "/labels",
        token,
        "{\"name\":\"" + label + "\",\"color\":\"#5319e7\"}");
  }

  /**
   * Registers a Gitea webhook on {@code repo} that sends issue events to an agent's endpoint,
   * signed with {@code secret} (hex, so it needs no JSON escaping).
   */
  static void createHook(String baseUrl, String token, String repo, String target, String secret) {
    post(
        baseUrl + "/api/v1/repos/" + repo + "/hooks",
        token,
        "{\"type\":\"gitea\",\"active\":true,\"events\":[\"issues\"],\"config\":{\"url\":\""
            + target
            + "\",\"content_type\":\"json\",\"secret\":\""
            + secret
            + "\"}}");
  }

  /** A fresh random webhook secret (256 bits, hex) in a new owner-only file. */
  static String writeWebhookSecret(Path file) {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    String secret = HexFormat.of().formatHex(bytes);
    try {
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliFailure("demo setup: cannot write " + file + ": " + e.getMessage());
    }
    return secret;
  }

  /** A person's comment (no hidden marker, unlike the agents' client). */
  static void comment(String baseUrl, String token, String repo, int number, String body) {
    String json;
    try {
      json =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .writeValueAsString(java.util.Map.of("body", body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CliFailure("demo setup: " + e.getMessage());
    }
    post(baseUrl + "/api/v1/repos/" + repo + "/issues/" + number + "/comments", token, json);
  }

  private static void post(String url, String token, String json) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Authorization", "token " + token)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new CliFailure("demo setup: POST " + url + " answered " + r.statusCode());
      }
    } catch (IOException e) {
      throw new CliFailure("demo setup: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("demo setup interrupted");
    }
  }
}
