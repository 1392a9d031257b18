package io.bzzz.agent.review;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Reads a branch of a tracker's bare repository, for assertions about what a round pushed. */
final class BareRepo {
  private final Path dir;

  BareRepo(Path dir) {
    this.dir = dir;
  }

  String head(String branch) throws Exception {
    try (Git git = Git.open(dir.toFile())) {
      return git.getRepository().resolve("refs/heads/" + branch).getName();
    }
  }

  List<String> commitsSince(String branch, String base) throws Exception {
    try (Git git = Git.open(dir.toFile())) {
      var r = git.getRepository();
      List<String> out = new ArrayList<>();
      for (var c : git.log().add(r.resolve("refs/heads/" + branch)).not(r.resolve(base)).call()) {
        out.add(c.getName());
      }
      return out;
    }
  }

  String file(String branch, String path) throws Exception {
    try (Git git = Git.open(dir.toFile());
        RevWalk walk = new RevWalk(git.getRepository())) {
      var commit = walk.parseCommit(git.getRepository().resolve("refs/heads/" + branch));
      try (TreeWalk tw = TreeWalk.forPath(git.getRepository(), path, commit.getTree())) {
        return new String(
            git.getRepository().open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  List<String> files(String branch) throws Exception {
    try (Git git = Git.open(dir.toFile());
        RevWalk walk = new RevWalk(git.getRepository());
        TreeWalk tw = new TreeWalk(git.getRepository())) {
      tw.addTree(walk.parseCommit(git.getRepository().resolve("refs/heads/" + branch)).getTree());
      tw.setRecursive(true);
      List<String> out = new ArrayList<>();
      while (tw.next()) {
        out.add(tw.getPathString());
      }
      return out;
    }
  }
}
