package io.bzzz.agent.review;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.agent.exec.llm.PostedText;
import io.bzzz.agent.exec.llm.TaskTool;
import io.bzzz.agent.exec.llm.ToolSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code reply} tool of a review round run by a model: {@code thread} names one request of this
 * round ({@code review_comment:7}, or its bare id when that is unambiguous) and {@code body} is the
 * answer. Answers are kept, not posted at once: the round posts them on their threads after the
 * fence check and the push, so a superseded round answers nothing and an answer never claims a push
 * that was refused (docs/review.md). A thread outside the round, an empty or oversized body, or a
 * hidden HTML comment (Bzzz's markers are hidden comments that agents trust) is refused.
 */
final class ReplyTool implements TaskTool {
  static final int MAX_BODY = 8_000;
  private static final ToolSpec SPEC =
      ToolSpec.of(
          "reply",
          "Answer one review request in its thread: what you changed for it, or why you did not."
              + " The answer is posted when the round's commit is pushed.",
          """
          {"type":"object","properties":{
            "thread":{"type":"string",
              "description":"the request's id as listed, such as review_comment:12"},
            "body":{"type":"string","description":"the answer, Markdown"}},
           "required":["thread","body"]}""");

  private final List<Trigger> asks;
  private final Map<Trigger, String> answers = new LinkedHashMap<>();

  ReplyTool(List<Trigger> asks) {
    this.asks = List.copyOf(asks);
  }

  /** How a request is named to the model and in the signed log: {@code review_comment:7}. */
  static String threadId(Trigger t) {
    return t.kind().name().toLowerCase(Locale.ROOT) + ":" + t.id();
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public String call(JsonNode args) throws Refused {
    Trigger t = thread(args.get("thread"));
    JsonNode b = args.get("body");
    if (b == null || !b.isTextual() || b.asText().isBlank()) {
      throw new Refused("'body' must be a non-empty string");
    }
    String body = b.asText().strip();
    if (body.length() > MAX_BODY) {
      throw new Refused("the body has " + body.length() + " characters, over " + MAX_BODY);
    }
    PostedText.check("reply", body);
    boolean again = answers.put(t, body) != null;
    return (again ? "replaced your earlier reply to " : "reply to ")
        + threadId(t)
        + " kept; it is posted on the thread when the round's commit is pushed";
  }

  private Trigger thread(JsonNode v) throws Refused {
    if (v == null || !(v.isTextual() || v.isIntegralNumber())) {
      throw new Refused("'thread' must name a request of this round: " + listed());
    }
    String wanted = v.asText().trim();
    List<Trigger> match =
        asks.stream()
            .filter(
                t ->
                    threadId(t).equals(wanted)
                        || (!wanted.contains(":") && Long.toString(t.id()).equals(wanted)))
            .toList();
    if (match.size() != 1) {
      throw new Refused(
          (match.isEmpty()
                  ? "'" + cut(wanted) + "' is not a request of this round"
                  : "'" + wanted + "' is ambiguous")
              + "; answer one of: "
              + listed());
    }
    return match.getFirst();
  }

  private String listed() {
    return String.join(", ", asks.stream().map(ReplyTool::threadId).toList());
  }

  private static String cut(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }

  /** The model's answer to {@code t}, if it gave one. */
  Optional<String> answer(Trigger t) {
    return Optional.ofNullable(answers.get(t));
  }
}
