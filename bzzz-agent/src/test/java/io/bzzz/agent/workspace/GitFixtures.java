package io.bzzz.agent.workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;

/** Real bare repositories for workspace tests. */
final class GitFixtures {
  private GitFixtures() {}

  /** A bare repository with a README on main and a claim branch {@code bzzz/task-1}. */
  static Path bareWithClaimBranch(Path dir) throws Exception {
    Path bare = dir.resolve("origin.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
    Path seed = dir.resolve("seed");
    try (Git g =
        Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(seed.toFile()).call()) {
      Files.writeString(seed.resolve("README.md"), "# sample\n");
      Files.writeString(seed.resolve("old.txt"), "to be deleted\n");
      g.add().addFilepattern(".").call();
      PersonIdent who = new PersonIdent("Seeder", "seed@example.org");
      g.commit().setMessage("initial").setAuthor(who).setCommitter(who).setSign(false).call();
      g.push().setRemote("origin").setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
      g.branchCreate().setName("bzzz/task-1").call();
      g.push().setRemote("origin").add("bzzz/task-1").call();
    }
    return bare;
  }

  static RevCommit head(Path bare, String branch) throws Exception {
    try (Repository repo = Git.open(bare.toFile()).getRepository();
        RevWalk walk = new RevWalk(repo)) {
      return walk.parseCommit(repo.resolve("refs/heads/" + branch));
    }
  }
}
