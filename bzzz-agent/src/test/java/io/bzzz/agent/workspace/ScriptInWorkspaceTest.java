package io.bzzz.agent.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.config.AgentConfig.GitIdentity;
import io.bzzz.agent.exec.ExecutionLimits;
import io.bzzz.agent.exec.ExecutionResult;
import io.bzzz.agent.exec.ProcessRunner;
import io.bzzz.agent.exec.Sandbox;
import io.bzzz.agent.exec.ScriptExecutor;
import io.bzzz.agent.exec.TaskDetails;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The path a task takes after its claim: clone, run the script, record changes, commit, push. */
class ScriptInWorkspaceTest {
  @TempDir Path tmp;

  @Test
  void aScriptTasksFilesEndUpOnTheClaimBranch() throws Exception {
    Path bare = GitFixtures.bareWithClaimBranch(tmp);
    Workspaces workspaces =
        new Workspaces(
            tmp.resolve("data"),
            new GitIdentity("bzzz agent a", "a@agents.bzzz.invalid"),
            Optional.empty());
    ScriptExecutor script =
        new ScriptExecutor(
            new ProcessRunner(),
            Set.of("alice"),
            workspaces.scratch(),
            ExecutionLimits.DEFAULT,
            Sandbox.host());
    TaskDetails task =
        new TaskDetails(
                "local",
                "demo/sample",
                1,
                "Greeting",
                """
                ```bzzz-script
                mkdir -p out
                echo hello > out/greeting.txt
                rm old.txt
                ```
                """,
                "alice",
                List.of("bzzz-task"),
                "http://x/1",
                "bzzz/task-1")
            .withBodyEditors(List.of());

    try (Workspace ws = workspaces.open(bare.toUri().toString(), "demo/sample", 1, "bzzz/task-1")) {
      ExecutionResult r = script.execute(task, ws.dir());
      r = r.withFilesChanged(ws.changedFiles());
      assertThat(r.succeeded()).as(r.reason()).isTrue();
      assertThat(r.filesChanged()).containsExactly("old.txt", "out/greeting.txt");
      ws.commitAll("Closes #1: Greeting");
      ws.push();
    }

    RevCommit head = GitFixtures.head(bare, "bzzz/task-1");
    try (Repository repo = Git.open(bare.toFile()).getRepository()) {
      assertThat(TreeWalk.forPath(repo, "out/greeting.txt", head.getTree())).isNotNull();
      assertThat(TreeWalk.forPath(repo, "old.txt", head.getTree())).isNull();
      assertThat(TreeWalk.forPath(repo, "README.md", head.getTree())).isNotNull();
    }
    assertThat(head.getAuthorIdent().getEmailAddress()).isEqualTo("a@agents.bzzz.invalid");
  }
}
