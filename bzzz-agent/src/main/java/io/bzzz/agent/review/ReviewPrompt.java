package io.bzzz.agent.review;

import io.bzzz.tracker.Task;
import io.bzzz.tracker.review.PullStatus;
import java.util.List;

/**
 * The review context an executor other than the script executor gets as its task body: the original
 * task, every request of the round with its id, author, file and line, and the diff of the pull
 * request so far. Each part is cut at its own bound (the text is untrusted and a model's context is
 * small), with a line saying so.
 */
final class ReviewPrompt {
  static final int MAX_TASK_BODY = 16_000;
  static final int MAX_REQUEST = 4_000;
  static final int MAX_DIFF_BYTES = 24 * 1024;

  private ReviewPrompt() {}

  /**
   * @param diff the unified diff of the head against the base, already bounded, or a sentence
   *     saying why there is none
   * @param withReplyTool whether the executor offers the {@code reply} tool
   */
  static String build(
      Task task, PullStatus pull, List<Trigger> asks, String diff, boolean withReplyTool) {
    StringBuilder p = new StringBuilder();
    p.append("A reviewer asked for changes to pull request #").append(pull.pull().number());
    p.append(" (branch ").append(pull.pull().head());
    if (!pull.pull().base().isBlank()) {
      p.append(" into ").append(pull.pull().base());
    }
    p.append("), which did this task:\n\n");
    p.append("# ").append(task.title()).append("\n\n");
    p.append(cut(task.body(), MAX_TASK_BODY, "task")).append("\n\n");
    p.append("## Review requests\n");
    for (Trigger t : asks) {
      p.append("\n- [").append(ReplyTool.threadId(t)).append("] ").append(t.author());
      p.append(" on ").append(t.where()).append(":\n");
      p.append(cut(t.body(), MAX_REQUEST, "request").indent(2));
    }
    p.append("\n## The diff so far\n\n````diff\n").append(diff);
    if (!diff.endsWith("\n")) {
      p.append('\n');
    }
    p.append("````\n\nChange the files on this branch to answer the requests.");
    if (withReplyTool) {
      p.append(
          " Answer each request with the reply tool (thread: its id in brackets, such as "
              + ReplyTool.threadId(asks.getFirst())
              + "), saying what you changed or why you did not; then call finish.");
    }
    return p.append('\n').toString();
  }

  static String cut(String text, int max, String what) {
    return text.length() <= max
        ? text
        : text.substring(0, max) + "\n[" + what + " text cut at " + max + " characters]";
  }
}
