package io.bzzz.agent.council;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.agent.exec.llm.PostedText;
import io.bzzz.agent.exec.llm.TaskTool;
import io.bzzz.agent.exec.llm.ToolSpec;
import io.bzzz.agent.task.Dependencies;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.TrackerException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The council lead's {@code create_subtask} tool: files one subtask of the brief as an issue of the
 * same form as a {@code bzzz-plan} block's ({@link PlanFiler}: labels {@code bzzz-task}, {@code
 * council:<n>} and the role's needs, {@code Depends on #m} lines, the subtask marker). A call is
 * checked whole before anything is filed: a role of the council, dependencies on subtasks already
 * filed, a body without hidden comments, scripts ({@link PostedText}) or its own {@code Depends on}
 * lines (dependencies come from {@code depends_on} only). Its key (given, or made from the title)
 * makes it idempotent: a subtask whose key is on the tracker already is answered with its number
 * and not filed again, so planning redone after a crash files only what is missing.
 */
final class SubtaskTool implements TaskTool {
  static final int MAX_BODY = 16_000;
  static final int MAX_TITLE = 200;
  private static final ToolSpec SPEC =
      ToolSpec.of(
          "create_subtask",
          "File one subtask of the brief as an issue for the council. File dependencies first;"
              + " depends_on names earlier subtasks by key (or issue number).",
          """
          {"type":"object","properties":{
            "title":{"type":"string","description":"one line, at most 200 characters"},
            "body":{"type":"string","description":"what to do, Markdown"},
            "role":{"type":"string","description":"the council role that does it"},
            "depends_on":{"type":"array","items":{"type":"string"},
              "description":"keys (or #numbers) of subtasks filed before this one"},
            "key":{"type":"string",
              "description":"a short id: lower-case letters, digits, - and _; default from the title"}},
           "required":["title","role"]}""");

  private final Tracker tracker;
  private final CouncilSpec spec;
  private final RoleBook book;
  private final Map<String, Integer> numbers = new LinkedHashMap<>();
  private final Set<String> labelled = new HashSet<>();
  private final List<String> filedNow = new ArrayList<>();

  /**
   * @param known the council's subtasks already on the tracker, by key ({@link PlanFiler#filed})
   */
  SubtaskTool(Tracker tracker, CouncilSpec spec, RoleBook book, Map<String, Integer> known) {
    this.tracker = tracker;
    this.spec = spec;
    this.book = book;
    this.numbers.putAll(known);
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  /** Every subtask of the council by key: those found at the start and those filed since. */
  Map<String, Integer> subtasks() {
    return Map.copyOf(numbers);
  }

  /** Keys filed by this tool (not found already filed). */
  List<String> filedNow() {
    return List.copyOf(filedNow);
  }

  @Override
  public String call(JsonNode args) throws Refused {
    String title = text(args, "title", MAX_TITLE).replaceAll("\\s+", " ");
    String role = text(args, "role", 40);
    if (!spec.roles().contains(role)) {
      throw new Refused(
          "role '" + role + "' is not a role of this council; use one of " + spec.roles());
    }
    String body =
        args.has("body") && !args.get("body").isNull() ? text(args, "body", MAX_BODY) : "";
    PostedText.check("body", body);
    PostedText.check("title", title);
    if (!Dependencies.of(body).isEmpty()) {
      throw new Refused("the body may not say 'Depends on #n'; name dependencies in depends_on");
    }
    String key = key(args, title);
    List<String> deps = dependencies(args.get("depends_on"), key);
    Integer known = numbers.get(key);
    if (known != null) {
      return "already filed as #" + known + " (key " + key + "); not filed again";
    }
    if (numbers.size() >= PlanBlock.MAX_SUBTASKS) {
      throw new Refused("a council has at most " + PlanBlock.MAX_SUBTASKS + " subtasks");
    }
    PlanBlock.Subtask s = new PlanBlock.Subtask(key, title, body, role, deps);
    int number;
    try {
      if (labelled.add(role)) {
        PlanFiler.ensureLabels(tracker, spec, List.of(role), book);
      }
      number = PlanFiler.fileOne(tracker, spec, s, book, numbers);
    } catch (TrackerException e) {
      labelled.remove(role);
      throw new Refused("the tracker did not take it, try again: " + e.getMessage());
    }
    numbers.put(key, number);
    filedNow.add(key);
    return "filed #"
        + number
        + " (key "
        + key
        + ", role "
        + role
        + (deps.isEmpty()
            ? ""
            : ", depends on "
                + String.join(", ", deps.stream().map(d -> "#" + numbers.get(d)).toList()))
        + ")";
  }

  private String key(JsonNode args, String title) throws Refused {
    JsonNode k = args.get("key");
    if (k != null && !k.isNull()) {
      if (!k.isTextual() || !PlanBlock.KEY.matcher(k.asText()).matches()) {
        throw new Refused("'key' must be lower-case letters, digits, '-' and '_' (at most 40)");
      }
      return k.asText();
    }
    String slug =
        title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    slug = slug.length() > 40 ? slug.substring(0, 40).replaceAll("-+$", "") : slug;
    if (slug.isEmpty()) {
      throw new Refused("give a 'key': the title has no letters or digits to make one from");
    }
    return slug;
  }

  /** The keys {@code depends_on} names; each must be a subtask filed already. */
  private List<String> dependencies(JsonNode v, String key) throws Refused {
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    List<JsonNode> items = new ArrayList<>();
    if (v.isArray()) {
      v.forEach(items::add);
    } else {
      items.add(v);
    }
    if (items.size() > PlanBlock.MAX_SUBTASKS) {
      throw new Refused("too many dependencies");
    }
    for (JsonNode d : items) {
      String ref = d.asText().trim();
      Optional<String> found = resolve(ref);
      if (!d.isValueNode() || found.isEmpty()) {
        throw new Refused(
            "depends_on: '"
                + (ref.length() > 60 ? ref.substring(0, 60) + "…" : ref)
                + "' is not a subtask filed before this one; filed: "
                + (numbers.isEmpty() ? "none" : numbers.keySet()));
      }
      if (found.get().equals(key)) {
        throw new Refused("a subtask cannot depend on itself");
      }
      if (!out.contains(found.get())) {
        out.add(found.get());
      }
    }
    return out;
  }

  private Optional<String> resolve(String ref) {
    if (numbers.containsKey(ref)) {
      return Optional.of(ref);
    }
    String digits = ref.startsWith("#") ? ref.substring(1) : ref;
    if (!digits.matches("\\d{1,10}")) {
      return Optional.empty();
    }
    long n = Long.parseLong(digits);
    return numbers.entrySet().stream()
        .filter(e -> e.getValue() == n)
        .map(Map.Entry::getKey)
        .findFirst();
  }

  private static String text(JsonNode args, String field, int max) throws Refused {
    JsonNode v = args.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new Refused("'" + field + "' must be a non-empty string");
    }
    String s = v.asText().strip();
    if (s.length() > max) {
      throw new Refused("'" + field + "' has " + s.length() + " characters, over " + max);
    }
    return s;
  }
}
