package io.bzzz.agent.runtime;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.claim.ClaimBranch;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON form of a {@link PendingDelivery} (one file per delivery). Pure: bytes in, a delivery or
 * a {@link Damaged} naming the field out. A file is checked as strictly as peer input, since what
 * it names (a branch to push, a directory to delete) must be what this agent wrote.
 */
final class DeliveryFile {
  static final int MAX_BYTES = 256 * 1024;
  private static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The file cannot be read back as a delivery. */
  static final class Damaged extends Exception {
    Damaged(String message) {
      super(message);
    }
  }

  private DeliveryFile() {}

  static byte[] encode(PendingDelivery d) {
    ObjectNode o = JSON.createObjectNode();
    o.put("version", VERSION);
    o.put("tracker", d.task().tracker());
    o.put("repository", d.task().repository());
    o.put("number", d.task().number());
    o.put("title", d.title());
    o.put("branch", d.branch());
    o.put("attempt", d.attempt());
    o.put("owner", d.owner().name());
    d.owner().peerId().ifPresent(p -> o.put("owner_peer", p));
    d.owner().logKey().ifPresent(k -> o.put("owner_log", k));
    o.put("since", d.since().toString());
    switch (d.result()) {
      case PendingDelivery.Result.Succeeded s -> {
        o.put("outcome", "succeeded");
        o.put("git_dir", s.gitDir());
        s.commit().ifPresent(c -> o.put("commit", c));
        o.put("summary", s.summary());
        var files = o.putArray("files");
        s.files().forEach(files::add);
      }
      case PendingDelivery.Result.Failed f -> {
        o.put("outcome", "failed");
        o.put("reason", f.reason());
      }
    }
    ObjectNode steps = o.putObject("steps");
    steps.put("pushed", d.steps().pushed());
    d.steps().pullNumber().ifPresent(n -> steps.put("pull_number", n));
    d.steps().pullUrl().ifPresent(u -> steps.put("pull_url", u));
    steps.put("commented", d.steps().commented());
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a JSON tree", e);
    }
  }

  static PendingDelivery decode(byte[] bytes) throws Damaged {
    if (bytes.length > MAX_BYTES) {
      throw new Damaged("larger than " + MAX_BYTES + " bytes");
    }
    JsonNode o;
    try {
      o = JSON.readTree(bytes);
    } catch (JacksonException e) {
      throw new Damaged("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new Damaged("not JSON: " + e.getMessage());
    }
    if (o == null || !o.isObject()) {
      throw new Damaged("not a JSON object");
    }
    if (integer(o, "version") != VERSION) {
      throw new Damaged("version: expected " + VERSION);
    }
    int number = integer(o, "number");
    int attempt = integer(o, "attempt");
    String branch = text(o, "branch");
    if (!ClaimBranch.parse(branch).equals(Optional.of(safeBranch(number, attempt)))) {
      throw new Damaged("branch: '" + branch + "' is not the claim branch of the task and attempt");
    }
    AgentIdentity owner;
    try {
      owner =
          new AgentIdentity(
              text(o, "owner"), optionalText(o, "owner_peer"), optionalText(o, "owner_log"));
    } catch (IllegalArgumentException e) {
      throw new Damaged("owner: " + e.getMessage());
    }
    Instant since;
    try {
      since = Instant.parse(text(o, "since"));
    } catch (DateTimeException e) {
      throw new Damaged("since: not an ISO-8601 instant");
    }
    PendingDelivery.Result result =
        switch (text(o, "outcome")) {
          case "succeeded" -> succeeded(o);
          case "failed" -> new PendingDelivery.Result.Failed(text(o, "reason"));
          default -> throw new Damaged("outcome: expected succeeded or failed");
        };
    JsonNode s = o.get("steps");
    if (s == null || !s.isObject()) {
      throw new Damaged("steps: missing");
    }
    Optional<Integer> pullNumber =
        s.has("pull_number") ? Optional.of(integer(s, "pull_number")) : Optional.empty();
    PendingDelivery.Steps steps =
        new PendingDelivery.Steps(
            bool(s, "pushed"), pullNumber, optionalText(s, "pull_url"), bool(s, "commented"));
    return new PendingDelivery(
        new TaskRef(text(o, "tracker"), text(o, "repository"), number),
        text(o, "title"),
        branch,
        attempt,
        owner,
        result,
        steps,
        since);
  }

  private static ClaimBranch safeBranch(int number, int attempt) throws Damaged {
    try {
      return new ClaimBranch(number, attempt);
    } catch (IllegalArgumentException e) {
      throw new Damaged("number, attempt: " + e.getMessage());
    }
  }

  private static PendingDelivery.Result succeeded(JsonNode o) throws Damaged {
    String gitDir = text(o, "git_dir");
    // a plain name under <data-dir>/git: the agent deletes this directory when the delivery ends
    if (!gitDir.matches("[A-Za-z0-9._-]{1,200}") || gitDir.startsWith(".")) {
      throw new Damaged("git_dir: not a directory name");
    }
    JsonNode files = o.get("files");
    if (files == null || !files.isArray()) {
      throw new Damaged("files: expected a list");
    }
    List<String> names = new ArrayList<>();
    for (JsonNode f : files) {
      if (!f.isTextual()) {
        throw new Damaged("files: expected text");
      }
      names.add(f.asText());
    }
    return new PendingDelivery.Result.Succeeded(
        gitDir, optionalText(o, "commit"), text(o, "summary"), names);
  }

  private static String text(JsonNode o, String field) throws Damaged {
    JsonNode v = o.get(field);
    if (v == null || !v.isTextual()) {
      throw new Damaged(field + ": expected text");
    }
    return v.asText();
  }

  private static Optional<String> optionalText(JsonNode o, String field) throws Damaged {
    return o.has(field) ? Optional.of(text(o, field)) : Optional.empty();
  }

  private static int integer(JsonNode o, String field) throws Damaged {
    JsonNode v = o.get(field);
    if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new Damaged(field + ": expected an integer");
    }
    return v.asInt();
  }

  private static boolean bool(JsonNode o, String field) throws Damaged {
    JsonNode v = o.get(field);
    if (v == null || !v.isBoolean()) {
      throw new Damaged(field + ": expected true or false");
    }
    return v.asBoolean();
  }
}
