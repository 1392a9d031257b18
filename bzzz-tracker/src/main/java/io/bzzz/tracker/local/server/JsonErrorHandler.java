package io.bzzz.tracker.local.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises before a servlet runs (an ambiguous path, a header too large) answered in
 * Gitea's error shape instead of an HTML page, so API clients can read every error the same way.
 */
final class JsonErrorHandler extends ErrorHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String docsUrl;

  JsonErrorHandler(String baseUrl) {
    this.docsUrl = baseUrl + "/api/swagger";
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("message", message == null ? HttpStatus.getMessage(code) : message);
    body.put("url", docsUrl);
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      bytes = "{}".getBytes(StandardCharsets.UTF_8);
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }
}
