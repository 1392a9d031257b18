package io.bzzz.agent.exec.llm;

import io.bzzz.agent.exec.ScriptBlock;
import io.bzzz.agent.exec.ScriptTrust;
import java.util.Locale;

/**
 * What a model may not write into text an agent posts on the tracker under its own name: hidden
 * HTML comments (Bzzz's markers, which agents trust when an agent user wrote them), {@code
 * bzzz-script} blocks and {@code bzzz-approve} lines (a script executor trusts the agent's user as
 * an author, so model output must not become a script it runs).
 */
public final class PostedText {
  private PostedText() {}

  /**
   * @throws TaskTool.Refused naming what {@code field} contains that it may not
   */
  public static void check(String field, String text) throws TaskTool.Refused {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.contains("<!--")) {
      throw new TaskTool.Refused("the " + field + " may not contain HTML comments (<!--)");
    }
    if (lower.contains(ScriptBlock.INFO) || lower.contains(ScriptTrust.APPROVE)) {
      throw new TaskTool.Refused(
          "the "
              + field
              + " may not contain '"
              + ScriptBlock.INFO
              + "' or '"
              + ScriptTrust.APPROVE
              + "': a model does not write scripts for other agents");
    }
  }
}
