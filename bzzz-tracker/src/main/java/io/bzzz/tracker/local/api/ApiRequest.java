package io.bzzz.tracker.local.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.tracker.local.store.Account;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One API call as handlers see it: path parameters, query, body, and who is calling. */
record ApiRequest(
    String method,
    String path,
    Map<String, String> pathParams,
    Map<String, List<String>> query,
    byte[] body,
    Optional<Account> user,
    ObjectMapper json) {

  String param(String name) {
    String v = pathParams.get(name);
    if (v == null) {
      throw new IllegalStateException("route has no parameter " + name);
    }
    return v;
  }

  /** A numeric path parameter; 404 when it is not a positive number, as no such item exists. */
  long longParam(String name) {
    try {
      long v = Long.parseLong(param(name));
      if (v < 1) {
        throw ApiException.notFound();
      }
      return v;
    } catch (NumberFormatException e) {
      throw ApiException.notFound();
    }
  }

  Optional<String> query(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  Account requireUser() {
    return user.orElseThrow(() -> ApiException.unauthorized("token is required"));
  }

  /** Decodes the JSON body; malformed JSON or wrong types are a 422, as Gitea's binding says. */
  <T> T body(Class<T> type) {
    if (body.length == 0) {
      throw ApiException.unprocessable("request body is empty");
    }
    try {
      T value = json.readValue(body, type);
      if (value == null) {
        throw ApiException.unprocessable("request body is null");
      }
      return value;
    } catch (JacksonException e) {
      throw ApiException.unprocessable("invalid JSON body: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.unprocessable("unreadable body");
    }
  }
}
