package io.bzzz.agent.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the one fenced {@code bzzz-script} block of an issue body, with CommonMark's fence rules:
 * an opening fence of three or more backticks or tildes indented at most three spaces, closed by a
 * fence of the same character at least as long. Blocks of other languages are skipped whole, so an
 * example inside a {@code markdown} block is not taken for the script.
 */
public final class ScriptBlock {
  /** Issue bodies larger than this are refused before parsing. */
  public static final int MAX_BODY_CHARS = 1 << 20;

  public static final String INFO = "bzzz-script";
  // Possessive quantifiers: a line that fails (a backtick after the info string) fails in linear
  // time; with plain ones the overlapping runs backtracked quadratically over a long line.
  private static final Pattern OPEN =
      Pattern.compile("^ {0,3}(`{3,}+|~{3,}+)\\s*+([^`\\s]*+)[^`]*+$");

  /** The outcome of looking for the script. */
  public sealed interface Extraction {}

  public record Found(String script) implements Extraction {}

  public record NotFound() implements Extraction {}

  public record Ambiguous(int count) implements Extraction {}

  /**
   * @param line the 1-based line of the opening fence
   */
  public record Unterminated(int line) implements Extraction {}

  public record TooLarge(int chars) implements Extraction {}

  private ScriptBlock() {}

  public static Extraction extract(String body) {
    return extract(body, INFO);
  }

  /** The one fenced block whose info string is {@code info} (a council's {@code bzzz-plan}). */
  public static Extraction extract(String body, String info) {
    if (body.length() > MAX_BODY_CHARS) {
      return new TooLarge(body.length());
    }
    String[] lines = body.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    List<String> scripts = new ArrayList<>();
    int i = 0;
    while (i < lines.length) {
      Matcher open = OPEN.matcher(lines[i]);
      if (!open.matches()) {
        i++;
        continue;
      }
      String fence = open.group(1);
      boolean ours = open.group(2).equals(info);
      int openLine = i + 1;
      StringBuilder content = new StringBuilder();
      i++;
      boolean closed = false;
      while (i < lines.length) {
        if (closes(lines[i], fence)) {
          closed = true;
          i++;
          break;
        }
        content.append(lines[i]).append('\n');
        i++;
      }
      if (ours) {
        if (!closed) {
          return new Unterminated(openLine);
        }
        scripts.add(content.toString());
      }
    }
    return switch (scripts.size()) {
      case 0 -> new NotFound();
      case 1 -> new Found(scripts.getFirst());
      default -> new Ambiguous(scripts.size());
    };
  }

  private static boolean closes(String line, String fence) {
    String stripped = line.stripTrailing();
    int indent = 0;
    while (indent < stripped.length() && indent < 4 && stripped.charAt(indent) == ' ') {
      indent++;
    }
    if (indent > 3) {
      return false;
    }
    String rest = stripped.substring(indent);
    char c = fence.charAt(0);
    if (rest.length() < fence.length()) {
      return false;
    }
    for (int k = 0; k < rest.length(); k++) {
      if (rest.charAt(k) != c) {
        return false;
      }
    }
    return true;
  }

  /** A sentence for the issue comment explaining why nothing ran. */
  public static String explain(Extraction e) {
    return switch (e) {
      case Found f -> "found a bzzz-script block";
      case NotFound n -> "the issue body has no ```" + INFO + " block";
      case Ambiguous a ->
          "the issue body has " + a.count() + " ```" + INFO + " blocks; exactly one is allowed";
      case Unterminated u ->
          "the ```" + INFO + " block opened on line " + u.line() + " is never closed";
      case TooLarge t ->
          "the issue body is " + t.chars() + " characters, over the limit of " + MAX_BODY_CHARS;
    };
  }
}
