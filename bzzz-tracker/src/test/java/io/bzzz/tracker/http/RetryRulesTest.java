package io.bzzz.tracker.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.bzzz.tracker.TrackerException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pure retry decisions, without a server. */
class RetryRulesTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private final RetryRules rules = new RetryRules(HttpPolicy.defaults(), new Random(3), s -> s);

  private static ApiReply response(int status, Map<String, String> headers, String message) {
    Map<String, List<String>> h = new java.util.HashMap<>();
    headers.forEach((k, v) -> h.put(k, List.of(v)));
    return new ApiReply(status, h, JsonNodeFactory.instance.objectNode().put("message", message));
  }

  @Test
  void successAndNotModifiedAreAccepted() {
    assertThat(rules.judge(response(200, Map.of(), ""), 1, NOW, "GET /x"))
        .isInstanceOf(RetryRules.Verdict.Accept.class);
    assertThat(rules.judge(response(304, Map.of(), ""), 1, NOW, "GET /x"))
        .isInstanceOf(RetryRules.Verdict.Accept.class);
  }

  @Test
  void retryAfterWinsOverEverythingElse() {
    var verdict =
        rules.judge(
            response(
                403,
                Map.of(
                    "Retry-After",
                    "12",
                    "x-ratelimit-remaining",
                    "0",
                    "x-ratelimit-reset",
                    "" + (NOW.getEpochSecond() + 500)),
                "secondary rate limit"),
            1,
            NOW,
            "GET /x");
    assertThat(verdict).isEqualTo(new RetryRules.Verdict.Retry(Duration.ofSeconds(12), false));
  }

  @Test
  void unprocessableAlreadyExistsIsAConflictOtherwiseInvalidInput() {
    assertThat(
            rules.judge(
                response(422, Map.of(), "Reference already exists"), 1, NOW, "POST /git/refs"))
        .isInstanceOfSatisfying(
            RetryRules.Verdict.Fail.class,
            f -> assertThat(f.error()).isInstanceOf(TrackerException.Conflict.class));
    assertThat(rules.judge(response(422, Map.of(), "Validation Failed"), 1, NOW, "POST /issues"))
        .isInstanceOfSatisfying(
            RetryRules.Verdict.Fail.class,
            f -> assertThat(f.error()).isInstanceOf(TrackerException.InvalidInput.class));
    assertThat(
            rules.judge(
                response(409, Map.of(), "The branch already exists."), 1, NOW, "POST /branches"))
        .isInstanceOfSatisfying(
            RetryRules.Verdict.Fail.class,
            f -> assertThat(f.error()).isInstanceOf(TrackerException.Conflict.class));
  }

  @Test
  void backoffDoublesWithBoundedJitterAndIsCapped() {
    for (int attempt = 1; attempt <= 10; attempt++) {
      long cap = Math.min(1000L << (attempt - 1), 60_000L);
      assertThat(rules.backoff(attempt))
          .isBetween(Duration.ofMillis(cap * 3 / 4), Duration.ofMillis(cap));
    }
  }

  @Test
  void linkHeaderNextIsFoundAmongOtherRelations() {
    ApiReply r =
        new ApiReply(
            200,
            Map.of(
                "Link",
                List.of(
                    "<https://h/x?page=1>; rel=\"prev\", <https://h/x?page=3>; rel=\"next\", <https://h/x?page=9>; rel=\"last\"")),
            JsonNodeFactory.instance.arrayNode());
    assertThat(r.nextLink()).contains("https://h/x?page=3");
    assertThat(new ApiReply(200, Map.of(), JsonNodeFactory.instance.arrayNode()).nextLink())
        .isEmpty();
  }
}
