package io.bzzz.agent.exec.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.agent.exec.ProcessOutcome;
import io.bzzz.agent.exec.ProcessRunner;
import io.bzzz.agent.exec.ProcessSpec;
import io.bzzz.agent.exec.Sandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tools a model may call, confined to one workspace: {@code list_files}, {@code read_file},
 * {@code write_file}, {@code run_command} (an argv, never a shell string from us, under the
 * executor's time and output limits) and {@code finish}. Every problem, including a refused path or
 * malformed arguments, is answered to the model as text so the loop goes on.
 */
public final class WorkspaceTools implements Toolbox {
  static final int MAX_READ_BYTES = 64 * 1024;
  static final int MAX_WRITE_BYTES = 1 << 20;
  static final int MAX_LIST_ENTRIES = 500;

  private final ObjectMapper json = new ObjectMapper();
  private final WorkspacePaths paths;
  private final ProcessRunner runner;
  private final Duration commandTimeLimit;
  private final int outputLimit;
  private final Sandbox sandbox;

  public WorkspaceTools(
      Path workspace,
      ProcessRunner runner,
      Duration commandTimeLimit,
      int outputLimit,
      Sandbox sandbox)
      throws IOException {
    this.paths = new WorkspacePaths(workspace);
    this.runner = runner;
    this.commandTimeLimit = commandTimeLimit;
    this.outputLimit = outputLimit;
    this.sandbox = sandbox;
  }

  @Override
  public List<ToolSpec> specs() {
    return List.of(
        spec(
            "list_files",
            "List files under a directory of the workspace (recursive, .git skipped).",
            "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\","
                + "\"description\":\"directory relative to the workspace; default .\"}}}"),
        spec(
            "read_file",
            "Read a text file of the workspace.",
            "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},"
                + "\"required\":[\"path\"]}"),
        spec(
            "write_file",
            "Create or replace a file of the workspace with the given content.",
            "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"},"
                + "\"content\":{\"type\":\"string\"}},\"required\":[\"path\",\"content\"]}"),
        spec(
            "run_command",
            "Run a program in the workspace, such as the tests. Give the program and its"
                + " arguments as a list; no shell is involved.",
            "{\"type\":\"object\",\"properties\":{\"argv\":{\"type\":\"array\","
                + "\"items\":{\"type\":\"string\"}}},\"required\":[\"argv\"]}"),
        finishSpec());
  }

  /** The {@code finish} tool every conversation ends with. */
  static ToolSpec finishSpec() {
    return spec(
        "finish",
        "Finish the task with a summary of what was done, or say it cannot be done.",
        "{\"type\":\"object\",\"properties\":{\"summary\":{\"type\":\"string\"},"
            + "\"success\":{\"type\":\"boolean\"}},\"required\":[\"summary\"]}");
  }

  /** A call of {@code finish}: the closing statement, or the error the model sees. */
  static ToolResult finish(JsonNode args) {
    JsonNode summary = args.get("summary");
    if (summary == null || !summary.isTextual()) {
      return ToolResult.text("error: finish: 'summary' must be a string");
    }
    return new ToolResult(
        "finished",
        Optional.of(new ToolResult.Finish(args.path("success").asBoolean(true), summary.asText())));
  }

  static ToolSpec spec(String name, String description, String schema) {
    return ToolSpec.of(name, description, schema);
  }

  /** Runs one call; {@code remaining} bounds a command by the loop's own deadline. */
  @Override
  public ToolResult call(ToolCall call, Duration remaining) throws InterruptedException {
    JsonNode args;
    try {
      args = json.readTree(call.argumentsJson().isBlank() ? "{}" : call.argumentsJson());
    } catch (IOException e) {
      return ToolResult.text(
          "error: the arguments of "
              + call.name()
              + " are not valid JSON; send a JSON object such as {\"path\": \"README.md\"}");
    }
    if (args == null || !args.isObject()) {
      return ToolResult.text("error: the arguments of " + call.name() + " must be a JSON object");
    }
    try {
      return switch (call.name()) {
        case "list_files" -> ToolResult.text(list(optionalString(args, "path").orElse(".")));
        case "read_file" -> ToolResult.text(read(string(args, "path")));
        case "write_file" -> ToolResult.text(write(string(args, "path"), string(args, "content")));
        case "run_command" -> ToolResult.text(run(argv(args), remaining));
        case "finish" -> finish(args);
        default ->
            ToolResult.text(
                "error: there is no tool '"
                    + call.name()
                    + "'; use list_files, read_file, write_file, run_command or finish");
      };
    } catch (BadArgument e) {
      return ToolResult.text("error: " + call.name() + ": " + e.getMessage());
    } catch (WorkspacePaths.PathRefusedException e) {
      return ToolResult.text("error: refused: " + e.getMessage());
    } catch (IOException e) {
      return ToolResult.text("error: " + call.name() + " failed: " + e.getMessage());
    }
  }

  private String list(String dir) throws IOException, WorkspacePaths.PathRefusedException {
    Path start = paths.forRead(dir);
    if (!Files.isDirectory(start)) {
      return "error: " + dir + " is not a directory";
    }
    List<String> out = new ArrayList<>();
    Path root = paths.root();
    Files.walkFileTree(
        start,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
            return d.getFileName() != null && d.getFileName().toString().equals(".git")
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
            out.add(root.relativize(f).toString());
            return out.size() >= MAX_LIST_ENTRIES
                ? FileVisitResult.TERMINATE
                : FileVisitResult.CONTINUE;
          }
        });
    out.sort(String::compareTo);
    String text = String.join("\n", out);
    return out.size() >= MAX_LIST_ENTRIES
        ? text + "\n[listing stopped at " + MAX_LIST_ENTRIES + " entries]"
        : text.isEmpty() ? "(no files)" : text;
  }

  private String read(String path) throws IOException, WorkspacePaths.PathRefusedException {
    Path p = paths.forRead(path);
    if (!Files.isRegularFile(p)) {
      return "error: " + path + " is not a file";
    }
    try (var in = Files.newInputStream(p)) {
      byte[] head = in.readNBytes(MAX_READ_BYTES + 1);
      if (head.length > MAX_READ_BYTES) {
        return new String(head, 0, MAX_READ_BYTES, StandardCharsets.UTF_8)
            + "\n[file cut at "
            + MAX_READ_BYTES
            + " bytes]";
      }
      return new String(head, StandardCharsets.UTF_8);
    }
  }

  private String write(String path, String content)
      throws IOException, WorkspacePaths.PathRefusedException, BadArgument {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_WRITE_BYTES) {
      throw new BadArgument("content is " + bytes.length + " bytes, over " + MAX_WRITE_BYTES);
    }
    Path p = paths.forWrite(path);
    Files.createDirectories(p.getParent());
    // Re-check after creating the parents, then refuse to follow a link planted meanwhile.
    p = paths.forWrite(path);
    Files.write(
        p,
        bytes,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);
    return "wrote " + bytes.length + " bytes to " + path;
  }

  private String run(List<String> argv, Duration remaining) throws InterruptedException {
    Duration limit = remaining.compareTo(commandTimeLimit) < 0 ? remaining : commandTimeLimit;
    if (limit.isNegative() || limit.isZero()) {
      return "error: no time left to run a command";
    }
    ProcessSpec spec = ProcessSpec.of(argv, paths.root()).withLimits(limit, outputLimit);
    try {
      ProcessSpec wrapped = sandbox.wrap(spec, paths.root(), List.of());
      ProcessOutcome out = runner.run(wrapped);
      Optional<String> sandboxFailure = sandbox.failure(wrapped, out);
      if (out.timedOut()) {
        return "killed after " + limit.toSeconds() + "s (time limit)\n" + out.output();
      }
      if (sandboxFailure.isPresent()) {
        return "error: the command did not run: " + sandboxFailure.get();
      }
      return "exit code " + out.exitCode() + "\n" + out.output();
    } catch (IOException e) {
      return "error: "
          + sandbox
              .startFailure(e)
              .orElse("cannot start " + argv.getFirst() + ": " + e.getMessage());
    }
  }

  private static String string(JsonNode args, String name) throws BadArgument {
    JsonNode v = args.get(name);
    if (v == null || !v.isTextual()) {
      throw new BadArgument("'" + name + "' must be a string");
    }
    return v.asText();
  }

  private static Optional<String> optionalString(JsonNode args, String name) throws BadArgument {
    JsonNode v = args.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    return Optional.of(string(args, name));
  }

  private static List<String> argv(JsonNode args) throws BadArgument {
    JsonNode v = args.get("argv");
    if (v == null || !v.isArray() || v.isEmpty() || v.size() > 256) {
      throw new BadArgument(
          "'argv' must be a non-empty list of strings, such as [\"make\", \"test\"]");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw new BadArgument("every element of 'argv' must be a string");
      }
      out.add(e.asText());
    }
    return out;
  }

  /** Arguments of the right JSON shape but unusable. */
  private static final class BadArgument extends Exception {
    BadArgument(String message) {
      super(message);
    }
  }
}
