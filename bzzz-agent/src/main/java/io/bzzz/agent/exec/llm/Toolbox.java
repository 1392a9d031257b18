package io.bzzz.agent.exec.llm;

import java.time.Duration;
import java.util.List;

/** The tools one conversation offers the model, and how a call to one of them is run. */
public interface Toolbox {
  List<ToolSpec> specs();

  /**
   * Runs one call. Every problem is answered to the model as text ({@code error: ...}), never
   * thrown; {@code remaining} is what is left of the loop's time.
   */
  ToolResult call(ToolCall call, Duration remaining) throws InterruptedException;
}
