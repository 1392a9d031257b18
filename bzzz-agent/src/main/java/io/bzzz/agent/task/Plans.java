package io.bzzz.agent.task;

/**
 * The plan an agent announces in {@code meta_discussion} when it claims a task and no model wrote
 * one: the title and the issue's first prose paragraph (code blocks and headings skipped),
 * whitespace collapsed, cut to {@link #MAX_CHARS}.
 */
public final class Plans {
  public static final int MAX_CHARS = 400;

  private Plans() {}

  public static String fromIssue(String title, String body) {
    String paragraph = firstParagraph(body);
    String plan = "Plan: " + title.strip() + (paragraph.isEmpty() ? "" : ". " + paragraph);
    return plan.length() > MAX_CHARS ? plan.substring(0, MAX_CHARS - 3) + "..." : plan;
  }

  private static String firstParagraph(String body) {
    StringBuilder out = new StringBuilder();
    boolean inFence = false;
    for (String line : body.replace("\r\n", "\n").split("\n")) {
      String t = line.strip();
      if (t.startsWith("```") || t.startsWith("~~~")) {
        inFence = !inFence;
        if (!out.isEmpty()) {
          break;
        }
        continue;
      }
      if (inFence || t.startsWith("#")) {
        continue;
      }
      if (t.isEmpty()) {
        if (!out.isEmpty()) {
          break;
        }
        continue;
      }
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append(t.replaceAll("\\s+", " "));
    }
    return out.toString();
  }
}
