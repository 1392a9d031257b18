package io.bzzz.agent.exec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decides whether a trusted author vouched for a script's exact text. A script runs when either
 *
 * <ol>
 *   <li>the author is trusted and the tracker says nobody but trusted authors edited the
 *       body, or
 *   <li>a trusted author's comment, never edited, holds the line {@code bzzz-approve sha256:<hex>}
 *       naming the SHA-256 of the script's text.
 * </ol>
 *
 * A pure function of the task's values: no I/O.
 */
public final class ScriptTrust {
  public static final String APPROVE = "bzzz-approve";
  private static final Pattern APPROVAL =
      Pattern.compile(
          "^[ \\t]*" + APPROVE + "[ \\t]+sha256:([0-9a-fA-F]{64})[ \\t]*$", Pattern.MULTILINE);

  private final Set<String> trusted;

  /** Logins compared case-insensitively, as GitHub and Gitea compare them. */
  public ScriptTrust(Set<String> trustedAuthors) {
    this.trusted =
        trustedAuthors.stream().map(a -> a.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
  }

  /** The outcome: run, or a sentence saying why not and what would make it run. */
  public sealed interface Verdict {}

  public record Run(String because) implements Verdict {}

  public record Refuse(String why) implements Verdict {}

  public Verdict judge(TaskDetails task, String script) {
    String hash = sha256(script);
    Optional<TaskDetails.TaskComment> approval =
        task.comments().stream()
            .filter(c -> isTrusted(c.author()) && !c.edited() && approves(c.body(), hash))
            .findFirst();
    if (approval.isPresent()) {
      return new Run("approved by " + approval.get().author() + " (sha256:" + hash + ")");
    }
    String howToApprove =
        " A trusted author can approve this exact script with a comment holding the line `"
            + APPROVE
            + " sha256:"
            + hash
            + "` (an approval comment that is later edited no longer counts).";
    if (!isTrusted(task.author())) {
      return new Refuse(
          "its author '"
              + task.author()
              + "' is not a trusted author of this agent (--trusted-author)."
              + howToApprove);
    }
    if (task.bodyEditors().isEmpty()) {
      return new Refuse(
          "this tracker does not say who edited the issue body, so its author's trust does not"
              + " cover the script."
              + howToApprove);
    }
    List<String> untrusted =
        task.bodyEditors().get().stream().filter(e -> !isTrusted(e)).distinct().toList();
    if (!untrusted.isEmpty()) {
      return new Refuse(
          "the issue body was edited by "
              + untrusted.stream().map(e -> "'" + e + "'").collect(Collectors.joining(", "))
              + ", not a trusted author of this agent."
              + howToApprove);
    }
    return new Run("posted by trusted author " + task.author());
  }

  private boolean isTrusted(String login) {
    return trusted.contains(login.toLowerCase(Locale.ROOT));
  }

  private static boolean approves(String body, String hash) {
    Matcher m = APPROVAL.matcher(body);
    while (m.find()) {
      if (m.group(1).toLowerCase(Locale.ROOT).equals(hash)) {
        return true;
      }
    }
    return false;
  }

  /** Lower-case hex SHA-256 of the script's UTF-8 text. */
  public static String sha256(String script) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
