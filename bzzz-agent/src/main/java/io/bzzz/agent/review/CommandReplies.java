package io.bzzz.agent.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.agent.exec.CommandExecutor;
import io.bzzz.agent.exec.ExecutionResult;
import io.bzzz.agent.exec.TaskDetails;
import io.bzzz.agent.exec.llm.TaskTool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command executor's way to answer a thread (docs/review.md): the round's requests are a JSON
 * file named by {@code BZZZ_REVIEW_REQUESTS}; the program may write one JSON object per line,
 * {@code {"thread": ID, "body": TEXT}}, to the file named by {@code BZZZ_REVIEW_REPLIES}. Each line
 * goes through the LLM path's {@link ReplyTool} (only this round's threads, the same body rules),
 * so replies are posted the same way: after the fence check and the push. A refused line is logged
 * with its reason and changes nothing else. Both files are in the workspace (the only place a
 * sandboxed program may write) under random names and are removed before the round commits.
 */
final class CommandReplies {
  private static final Logger log = LoggerFactory.getLogger(CommandReplies.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  static final String REQUESTS_ENV = "BZZZ_REVIEW_REQUESTS";
  static final String REPLIES_ENV = "BZZZ_REVIEW_REPLIES";

  /** More than this is not read: a reply is at most {@link ReplyTool#MAX_BODY} characters. */
  static final int MAX_REPLIES_BYTES = 256 * 1024;

  static final int MAX_LINES = 100;

  /** Added to the task body of a round, for programs that pass it on to a model. */
  static final String HINT =
      "To answer a request in its thread, append a line {\"thread\": \"<its id>\", \"body\":"
          + " \"<answer>\"} to the file named by $"
          + REPLIES_ENV
          + " (the requests, as JSON, are in $"
          + REQUESTS_ENV
          + ").\n";

  private CommandReplies() {}

  /** Runs {@code cmd} for one round and feeds what it wrote to {@code replies}. */
  static ExecutionResult run(
      CommandExecutor cmd,
      TaskDetails details,
      Path workspace,
      int pull,
      int round,
      List<Trigger> asks,
      ReplyTool replies)
      throws InterruptedException {
    String tag = HexFormat.of().formatHex(seed());
    Path requests = workspace.resolve(".bzzz-review-" + tag + "-requests.json");
    Path answers = workspace.resolve(".bzzz-review-" + tag + "-replies.jsonl");
    try {
      try {
        Files.write(requests, requestsJson(pull, round, asks));
      } catch (IOException e) {
        return ExecutionResult.notRun("cannot write the review requests file: " + e.getMessage());
      }
      ExecutionResult r =
          cmd.execute(
              details,
              workspace,
              Map.of(REQUESTS_ENV, requests.toString(), REPLIES_ENV, answers.toString()));
      read(answers, replies, pull);
      return r;
    } finally {
      delete(requests);
      delete(answers);
    }
  }

  private static byte[] seed() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return b;
  }

  static byte[] requestsJson(int pull, int round, List<Trigger> asks) {
    ObjectNode root = JSON.createObjectNode();
    root.put("pull", pull);
    root.put("round", round);
    ArrayNode list = root.putArray("requests");
    for (Trigger t : asks) {
      ObjectNode o = list.addObject();
      o.put("thread", ReplyTool.threadId(t));
      o.put("kind", t.kind().name().toLowerCase(java.util.Locale.ROOT));
      o.put("id", t.id());
      o.put("author", t.author());
      o.put("body", t.body());
      o.put("path", t.path());
      o.put("line", t.line());
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("requests always serialise", e);
    }
  }

  /** Feeds each line of {@code file} to the reply tool; what it refuses is logged, not kept. */
  static void read(Path file, ReplyTool replies, int pull) {
    if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return; // no replies: every request gets the round's one answer
    }
    String text;
    try (InputStream in = Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes(MAX_REPLIES_BYTES + 1);
      if (bytes.length > MAX_REPLIES_BYTES) {
        refused(pull, 0, "the replies file is over " + MAX_REPLIES_BYTES + " bytes; none is used");
        return;
      }
      text = new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      refused(pull, 0, "cannot read the replies file: " + e.getMessage());
      return;
    }
    int n = 0;
    for (String line : text.lines().toList()) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      if (n > MAX_LINES) {
        refused(pull, n, "more than " + MAX_LINES + " lines; the rest is not read");
        return;
      }
      try {
        JsonNode args;
        try {
          args = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          throw new TaskTool.Refused("the line is not valid JSON");
        }
        if (args == null || !args.isObject()) {
          throw new TaskTool.Refused("the line must be a JSON object");
        }
        String kept = replies.call(args);
        log.atInfo().addKeyValue("pull", pull).addKeyValue("line", n).log(kept);
      } catch (TaskTool.Refused e) {
        refused(pull, n, e.getMessage());
      }
    }
  }

  private static void refused(int pull, int line, String why) {
    log.atWarn()
        .addKeyValue("pull", pull)
        .addKeyValue("line", line)
        .addKeyValue("reason", why)
        .log("a reply the command wrote was refused: " + why);
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      log.atWarn().addKeyValue("file", p.getFileName()).log("cannot remove a review file");
    }
  }
}
