package io.bzzz.agent.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.agent.config.AgentConfig.GitIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {
  static final GitIdentity AGENT = new GitIdentity("bzzz agent alice", "alice@agents.bzzz.invalid");
  @TempDir Path tmp;
  Path bare;
  Workspaces workspaces;

  @BeforeEach
  void setUp() throws Exception {
    bare = GitFixtures.bareWithClaimBranch(tmp);
    workspaces = new Workspaces(tmp.resolve("data"), AGENT, Optional.empty());
  }

  @Test
  void clonesTheClaimBranchCommitsAsTheAgentAndPushes() throws Exception {
    Path dir;
    try (Workspace ws = workspaces.open(bare.toUri().toString(), "demo/sample", 1, "bzzz/task-1")) {
      dir = ws.dir();
      assertThat(dir).startsWith(tmp.resolve("data/workspaces"));
      assertThat(ws.branch()).isEqualTo("bzzz/task-1");
      assertThat(Files.readString(dir.resolve("README.md"))).isEqualTo("# sample\n");
      assertThat(ws.commitAll("nothing")).isEmpty();

      Files.createDirectories(dir.resolve("out"));
      Files.writeString(dir.resolve("out/result.txt"), "done\n");
      Files.writeString(dir.resolve("README.md"), "# sample\nchanged\n");
      Files.delete(dir.resolve("old.txt"));
      assertThat(ws.changedFiles()).containsExactly("README.md", "old.txt", "out/result.txt");

      Optional<String> id = ws.commitAll("Task #1: done");
      assertThat(id).isPresent();
      assertThat(ws.changedFiles()).isEmpty();
      ws.push();

      RevCommit pushed = GitFixtures.head(bare, "bzzz/task-1");
      assertThat(pushed.getName()).isEqualTo(id.get());
      assertThat(pushed.getAuthorIdent().getName()).isEqualTo("bzzz agent alice");
      assertThat(pushed.getAuthorIdent().getEmailAddress()).isEqualTo("alice@agents.bzzz.invalid");
      assertThat(pushed.getCommitterIdent().getName()).isEqualTo("bzzz agent alice");
      assertThat(pushed.getFullMessage()).isEqualTo("Task #1: done");
      // main is untouched.
      assertThat(GitFixtures.head(bare, "main").getFullMessage()).isEqualTo("initial");
    }
    assertThat(dir).doesNotExist();
  }

  /**
   * What a failed run leaves: an edited, a deleted and a new file, and files it hid from git with a
   * {@code .gitignore} of its own. The discard keeps the staged work of an earlier run only.
   */
  @Test
  void discardingThrowsAwayEverythingSinceTheLastStageHiddenFilesToo() throws Exception {
    try (Workspace ws = workspaces.open(bare.toUri().toString(), "demo/sample", 1, "bzzz/task-1")) {
      Files.writeString(ws.dir().resolve("kept.txt"), "an earlier run\n");
      ws.stageAll();

      Files.writeString(ws.dir().resolve("README.md"), "changed\n");
      Files.delete(ws.dir().resolve("kept.txt"));
      Files.writeString(ws.dir().resolve("new.txt"), "half\n");
      Path hidden = Files.createDirectories(ws.dir().resolve("d"));
      Files.writeString(hidden.resolve(".gitignore"), "*\n");
      Files.writeString(hidden.resolve("secret.txt"), "half\n");
      ws.discardUnstaged();

      assertThat(Files.readString(ws.dir().resolve("README.md"))).isEqualTo("# sample\n");
      assertThat(Files.readString(ws.dir().resolve("kept.txt"))).isEqualTo("an earlier run\n");
      assertThat(ws.dir().resolve("new.txt")).doesNotExist();
      assertThat(hidden).doesNotExist();
      assertThat(ws.commitAll("kept")).isPresent();
      assertThat(ws.changedFiles()).isEmpty();
    }
  }

  @Test
  void aMissingBranchIsAClearErrorAndLeavesNothingBehind() {
    assertThatThrownBy(
            () -> workspaces.open(bare.toUri().toString(), "demo/sample", 2, "bzzz/task-2"))
        .isInstanceOf(WorkspaceException.class)
        .hasMessageContaining("bzzz/task-2")
        .hasMessageContaining("demo/sample");
    assertThat(tmp.resolve("data/workspaces")).isEmptyDirectory();
  }

  @Test
  void aRejectedPushIsAnError() throws Exception {
    try (Workspace a = workspaces.open(bare.toUri().toString(), "demo/sample", 1, "bzzz/task-1");
        Workspace b = workspaces.open(bare.toUri().toString(), "demo/sample", 1, "bzzz/task-1")) {
      Files.writeString(a.dir().resolve("a.txt"), "a");
      a.commitAll("a");
      a.push();
      Files.writeString(b.dir().resolve("b.txt"), "b");
      b.commitAll("b");
      assertThatThrownBy(b::push)
          .isInstanceOf(WorkspaceException.class)
          .hasMessageContaining("rejected");
    }
  }

  @Test
  void removalDeletesSymlinksWithoutFollowingThem() throws Exception {
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    Files.writeString(outside.resolve("precious.txt"), "keep me");
    Workspace ws = workspaces.open(bare.toUri().toString(), "demo/sample", 1, "bzzz/task-1");
    Files.createSymbolicLink(ws.dir().resolve("escape"), outside);
    Path ro = Files.createDirectory(ws.dir().resolve("readonly"));
    Files.writeString(ro.resolve("f"), "x");
    ro.toFile().setWritable(false);

    ws.close();

    assertThat(ws.dir()).doesNotExist();
    assertThat(outside.resolve("precious.txt")).hasContent("keep me");
  }
}
