package io.bzzz.agent.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.agent.config.AgentConfig.GitIdentity;
import io.bzzz.agent.exec.ExecutionLimits;
import io.bzzz.agent.exec.ExecutionResult;
import io.bzzz.agent.exec.ProcessRunner;
import io.bzzz.agent.exec.Sandbox;
import io.bzzz.agent.exec.ScriptExecutor;
import io.bzzz.agent.exec.TaskDetails;
import io.bzzz.tracker.RepoInfo;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.result.JGitPush;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack: a script task plants every hook git knows everywhere it can reach, then the agent
 * commits and pushes the result. No hook may run, the push must still succeed, and nothing of the
 * planted {@code .git} content may be committed.
 */
class PlantedHooksTest {
  static final List<String> HOOKS =
      List.of(
          "applypatch-msg",
          "pre-applypatch",
          "post-applypatch",
          "pre-commit",
          "pre-merge-commit",
          "prepare-commit-msg",
          "commit-msg",
          "post-commit",
          "pre-rebase",
          "post-checkout",
          "post-merge",
          "pre-push",
          "pre-receive",
          "update",
          "proc-receive",
          "post-receive",
          "post-update",
          "reference-transaction",
          "push-to-checkout",
          "pre-auto-gc",
          "post-rewrite",
          "sendemail-validate",
          "fsmonitor-watchman",
          "p4-changelist",
          "p4-prepare-changelist",
          "p4-post-changelist",
          "p4-pre-submit",
          "post-index-change");

  @TempDir Path tmp;

  @Test
  void hooksPlantedByATaskNeverRunAndAreNeverCommitted() throws Exception {
    Path bare = GitFixtures.bareWithClaimBranch(tmp);
    Path markers = Files.createDirectories(tmp.resolve("markers"));
    Workspaces workspaces = workspaces();
    ScriptExecutor script = script(workspaces);

    try (Workspace ws = workspaces.open(bare.toUri().toString(), "demo/sample", 1, "bzzz/task-1")) {
      assertThat(ws.dir().resolve(".git")).doesNotExist();
      assertThat(ws.gitDir().startsWith(ws.dir())).isFalse();

      ExecutionResult r = script.execute(task(plantEverywhere(markers)), ws.dir());
      assertThat(r.succeeded()).as(r.reason()).isTrue();
      // The planting worked: every place holds every hook, executable.
      assertThat(ws.dir().resolve(".git/hooks/pre-push")).isExecutable();
      assertThat(ws.dir().resolve("sub/.git/hooks/pre-commit")).isExecutable();
      assertThat(ws.gitDir().resolve("hooks/pre-push")).isExecutable();
      assertThat(Files.readString(ws.gitDir().resolve("config"))).contains("hooksPath");

      assertThat(ws.commitAll("#1: plant hooks")).isPresent();
      new JGitPush("agent", Token.of("unused-for-file-urls"))
          .push(
              ws.gitDir(),
              new RepoInfo(RepoRef.parse("demo/sample"), "main", bare.toUri().toString()),
              ws.branch());
      ws.push();
    }

    try (Stream<Path> ran = Files.list(markers)) {
      assertThat(ran.map(p -> p.getFileName().toString()).toList()).isEmpty();
    }
    RevCommit head = GitFixtures.head(bare, "bzzz/task-1");
    assertThat(head.getFullMessage()).isEqualTo("#1: plant hooks");
    List<String> committed = treePaths(bare, head);
    assertThat(committed).contains("result.txt", "README.md");
    assertThat(committed).noneMatch(p -> p.equals(".git") || p.contains(".git/"));
    assertThat(committed).noneMatch(p -> p.startsWith("sub"));
    assertThat(committed).contains("my-hooks/pre-push"); // plain files of the task are its output
  }

  @Test
  void aFilterDriverNamedByTheTaskIsRefusedNotRun() throws Exception {
    Path bare = GitFixtures.bareWithClaimBranch(tmp);
    Path markers = Files.createDirectories(tmp.resolve("markers"));
    Workspaces workspaces = workspaces();
    String plant =
        "echo '* filter=evil' > .gitattributes\n"
            + "for g in ../../git/*; do printf '[filter \"evil\"]\\n\\tclean = touch "
            + markers
            + "/clean\\n\\tsmudge = touch "
            + markers
            + "/smudge\\n' >> \"$g/config\"; done\n"
            + "echo data > data.txt\n";
    try (Workspace ws = workspaces.open(bare.toUri().toString(), "demo/sample", 1, "bzzz/task-1")) {
      ExecutionResult r = script(workspaces).execute(task(plant), ws.dir());
      assertThat(r.succeeded()).as(r.reason()).isTrue();
      assertThatThrownBy(() -> ws.commitAll("#1: filter"))
          .isInstanceOf(WorkspaceException.class)
          .hasMessageContaining("never runs commands");
    }
    try (Stream<Path> ran = Files.list(markers)) {
      assertThat(ran.toList()).isEmpty();
    }
    assertThat(GitFixtures.head(bare, "bzzz/task-1").getFullMessage()).isEqualTo("initial");
  }

  /**
   * A script that plants every hook in: a {@code .git} directory it creates in the work tree (with
   * a config setting {@code core.hooksPath} to a directory of its own), a nested {@code .git}, and
   * the agent's real git directory, which an unsandboxed task can find beside the workspaces.
   */
  private static String plantEverywhere(Path markers) {
    return "M='"
        + markers
        + "'\n"
        + "plant() {\n"
        + "  mkdir -p \"$1\"\n"
        + "  for h in "
        + String.join(" ", HOOKS)
        + "; do\n"
        + "    printf '#!/bin/sh\\ntouch \"%s/%s-%s\"\\n' \"$M\" \"$2\" \"$h\" > \"$1/$h\"\n"
        + "    chmod +x \"$1/$h\"\n"
        + "  done\n"
        + "}\n"
        + "plant .git/hooks dotgit\n"
        + "plant \"$PWD/my-hooks\" hookspath\n"
        + "printf '[core]\\n\\thooksPath = %s/my-hooks\\n\\tfsmonitor = %s/my-hooks/fsmonitor-watchman\\n'"
        + " \"$PWD\" \"$PWD\" > .git/config\n"
        + "plant sub/.git/hooks nested\n"
        + "for g in ../../git/*; do\n"
        + "  plant \"$g/hooks\" agent\n"
        + "  printf '[core]\\n\\thooksPath = %s/my-hooks\\n' \"$PWD\" >> \"$g/config\"\n"
        + "done\n"
        + "echo done > result.txt\n";
  }

  private Workspaces workspaces() {
    return new Workspaces(
        tmp.resolve("data"),
        new GitIdentity("bzzz agent a", "a@agents.bzzz.invalid"),
        Optional.empty());
  }

  private static ScriptExecutor script(Workspaces workspaces) {
    return new ScriptExecutor(
        new ProcessRunner(),
        Set.of("alice"),
        workspaces.scratch(),
        ExecutionLimits.DEFAULT,
        Sandbox.host());
  }

  private static TaskDetails task(String script) {
    return new TaskDetails(
            "local",
            "demo/sample",
            1,
            "Plant hooks",
            "```bzzz-script\n" + script + "```\n",
            "alice",
            List.of("bzzz-task"),
            "http://x/1",
            "bzzz/task-1")
        .withBodyEditors(List.of());
  }

  private static List<String> treePaths(Path bare, RevCommit commit) throws Exception {
    List<String> out = new ArrayList<>();
    try (Repository repo = Git.open(bare.toFile()).getRepository();
        TreeWalk walk = new TreeWalk(repo)) {
      walk.addTree(commit.getTree());
      walk.setRecursive(true);
      while (walk.next()) {
        out.add(walk.getPathString());
      }
    }
    return out;
  }
}
