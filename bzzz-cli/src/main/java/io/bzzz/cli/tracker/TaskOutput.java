package io.bzzz.cli.tracker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.cli.common.CliFailure;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TrackerException;
import java.util.Locale;
import java.util.concurrent.Callable;

/** JSON lines and error translation shared by the task commands. */
final class TaskOutput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TaskOutput() {}

  static String json(Task t) {
    ObjectNode n = JSON.createObjectNode();
    n.put("number", t.number()).put("title", t.title()).put("state", state(t));
    t.labels().forEach(n.putArray("labels")::add);
    t.assignees().forEach(n.putArray("assignees")::add);
    n.put("author", t.author()).put("url", t.url()).put("body", t.body());
    return n.toString();
  }

  /** The contract line of {@code bzzz task claim} (DESIGN §7). */
  static String json(Claim c) {
    return JSON.createObjectNode()
        .put("number", c.number())
        .put("branch", c.branch())
        .put("attempt", c.attempt())
        .toString();
  }

  static String state(Task t) {
    return t.state().name().toLowerCase(Locale.ROOT);
  }

  /** Runs a tracker call; its failures become one line on stderr with a meaningful exit code. */
  static <T> T run(Callable<T> call) {
    try {
      return call.call();
    } catch (TrackerException.Unauthorized e) {
      throw new CliFailure(e.getMessage(), 3);
    } catch (TrackerException.NotFound e) {
      throw new CliFailure(e.getMessage(), 4);
    } catch (TrackerException | IllegalArgumentException e) {
      throw new CliFailure(e.getMessage(), 1);
    } catch (CliFailure e) {
      throw e;
    } catch (Exception e) {
      throw new CliFailure(String.valueOf(e.getMessage()), 1);
    }
  }
}
