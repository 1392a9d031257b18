package io.bzzz.tracker.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** A plain HTTP client for the tracker's API in tests: raw status, headers and JSON. */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final String baseUrl;
  private final Optional<String> authorization;

  private ApiClient(String baseUrl, Optional<String> authorization) {
    this.baseUrl = baseUrl;
    this.authorization = authorization;
  }

  static ApiClient anonymous(String baseUrl) {
    return new ApiClient(baseUrl, Optional.empty());
  }

  static ApiClient withToken(String baseUrl, String token) {
    return new ApiClient(baseUrl, Optional.of("token " + token));
  }

  ApiClient withAuthorization(String header) {
    return new ApiClient(baseUrl, Optional.of(header));
  }

  /** One answer: status, headers and the body (as JSON when it is JSON). */
  record Reply(int status, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(raw.body());
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + raw.body(), e);
      }
    }

    Optional<String> header(String name) {
      return raw.headers().firstValue(name);
    }

    String body() {
      return raw.body();
    }

    @Override
    public String toString() {
      return status + " " + raw.body();
    }
  }

  Reply get(String path) {
    return send("GET", path, Optional.empty());
  }

  Reply delete(String path) {
    return send("DELETE", path, Optional.empty());
  }

  Reply post(String path, String json) {
    return send("POST", path, Optional.of(json));
  }

  Reply put(String path, String json) {
    return send("PUT", path, Optional.of(json));
  }

  Reply patch(String path, String json) {
    return send("PATCH", path, Optional.of(json));
  }

  Reply send(String method, String path, Optional<String> json) {
    String url = path.startsWith("http") ? path : baseUrl + "/api/v1" + path;
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                json.map(HttpRequest.BodyPublishers::ofString)
                    .orElse(HttpRequest.BodyPublishers.noBody()));
    json.ifPresent(j -> b.header("Content-Type", "application/json"));
    authorization.ifPresent(a -> b.header("Authorization", a));
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
