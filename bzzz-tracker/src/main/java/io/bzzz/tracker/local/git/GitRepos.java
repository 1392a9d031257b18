package io.bzzz.tracker.local.git;

import io.bzzz.tracker.local.files.PrivateFiles;
import io.bzzz.tracker.local.names.RefNames;
import io.bzzz.tracker.local.store.Invalid;
import io.bzzz.tracker.local.store.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ThreeWayMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bare git repositories of the local tracker, one per repository under {@code
 * <root>/<owner>/<name>.git} (lower case, as names ignore case). Every repository is configured to
 * fsync objects and refs, so a created branch or a push acknowledged survives a crash.
 */
public final class GitRepos implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GitRepos.class);

  private final Path root;
  private final InstantSource clock;

  /** Open repositories, kept for the life of the server: opening one reads its config and refs. */
  private final ConcurrentHashMap<Path, Repository> open = new ConcurrentHashMap<>();

  public GitRepos(Path root, InstantSource clock) {
    this.root = root;
    this.clock = clock;
  }

  /**
   * A ref name checked again at the edge of JGit, whatever the caller checked: JGit turns it into a
   * file path.
   */
  private static String checked(String name) {
    Optional<String> problem = RefNames.problem(name);
    if (problem.isPresent()) {
      throw new Invalid("invalid ref name: it " + problem.get());
    }
    return name;
  }

  /**
   * Deletes the lock files a killed tracker left in its repositories ({@code refs/heads/x.lock},
   * {@code packed-refs.lock}, ...). JGit takes such a lock for each ref update and a SIGKILL
   * between taking and releasing it leaves the file behind; every later update of that ref would
   * then fail with "failed to lock". Only safe while no one else writes the repositories: the
   * tracker calls it at start, holding its data directory lock.
   *
   * @return the lock files removed
   */
  public List<Path> removeStaleLocks() {
    List<Path> removed = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return removed;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".lock")).toList()) {
        if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            && Files.deleteIfExists(f)) {
          removed.add(root.relativize(f));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look for stale lock files under " + root, e);
    }
    return removed;
  }

  /**
   * Deletes the half-received packs a push killed mid-way left behind (see {@link
   * UnfinishedPacks}). Same conditions as {@link #removeStaleLocks}.
   *
   * @return the files removed
   */
  public List<Path> removeUnfinishedPacks() {
    return UnfinishedPacks.remove(root, repoDirs());
  }

  /**
   * Deletes refs that name an object the repository does not hold (a damaged disk: the tracker
   * writes objects before the refs that name them). Such a ref cannot be read, pushed onto or
   * claimed again; without it the branch can be created anew. Same conditions as {@link
   * #removeStaleLocks}.
   *
   * @return each ref deleted as {@code owner/name.git refs/... <id>}
   */
  public List<String> dropRefsToMissingObjects() {
    List<String> dropped = new ArrayList<>();
    for (Path dir : repoDirs()) {
      try (Repository git = build(dir)) {
        for (Ref ref : git.getRefDatabase().getRefsByPrefix(Constants.R_REFS)) {
          ObjectId id = ref.isSymbolic() ? null : ref.getObjectId();
          if (id != null && !git.getObjectDatabase().has(id)) {
            RefUpdate delete = git.updateRef(ref.getName());
            delete.setForceUpdate(true);
            RefUpdate.Result result = delete.delete();
            dropped.add(
                root.relativize(dir) + " " + ref.getName() + " " + id.name() + " " + result);
          }
        }
      } catch (IOException | UncheckedIOException e) {
        // One unreadable repository must not keep the tracker from serving the others.
        log.atError()
            .addKeyValue("repo", root.relativize(dir))
            .addKeyValue("error", e.getMessage())
            .log("cannot check the refs of a repository at start");
      }
    }
    return dropped;
  }

  /** The repositories on disk: {@code <owner>/<name>.git} holding an object store. */
  private List<Path> repoDirs() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.find(root, 2, (p, a) -> a.isDirectory() && isRepoDir(p))) {
      return dirs.toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the repositories under " + root, e);
    }
  }

  private static boolean isRepoDir(Path p) {
    return p.getFileName().toString().endsWith(".git") && Files.isDirectory(p.resolve("objects"));
  }

  public Path pathOf(String owner, String name) {
    return root.resolve(owner.toLowerCase(Locale.ROOT))
        .resolve(name.toLowerCase(Locale.ROOT) + ".git");
  }

  private Path pathOf(Repo repo) {
    return pathOf(repo.owner().login(), repo.name());
  }

  /**
   * A repository for one use; the caller closes it, which only releases this use (the repository
   * stays open in the cache until {@link #close}).
   */
  public Repository open(Repo repo) {
    Repository git = open.computeIfAbsent(pathOf(repo), GitRepos::build);
    git.incrementOpen();
    return git;
  }

  private static Repository build(Path dir) {
    try {
      return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open git repository " + dir, e);
    }
  }

  @Override
  public void close() {
    open.values().forEach(Repository::close);
    open.clear();
  }

  /**
   * Creates the bare repository with HEAD on {@code defaultBranch}; with {@code readme}, an initial
   * commit on that branch holding {@code README.md}. A directory left by an earlier failed creation
   * is replaced.
   */
  public void create(
      String owner,
      String name,
      String defaultBranch,
      Optional<String> readme,
      String authorName,
      String authorEmail) {
    checked(defaultBranch);
    Path dir = pathOf(owner, name);
    forget(dir);
    try {
      deleteTree(dir);
      PrivateFiles.directory(dir.getParent());
      try (Repository repo =
          new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build()) {
        repo.create(true);
        StoredConfig config = repo.getConfig();
        config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, "fsyncObjectFiles", true);
        config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, "fsyncRefFiles", true);
        config.setBoolean("http", null, "receivepack", true);
        config.save();
        RefUpdate head = repo.updateRef(Constants.HEAD);
        head.link(Constants.R_HEADS + defaultBranch);
        if (readme.isPresent()) {
          ObjectId commit =
              initialCommit(repo, readme.get(), new PersonIdent(authorName, authorEmail));
          RefUpdate branch = repo.updateRef(Constants.R_HEADS + defaultBranch);
          branch.setNewObjectId(commit);
          branch.setExpectedOldObjectId(ObjectId.zeroId());
          RefUpdate.Result result = branch.update();
          if (result != RefUpdate.Result.NEW) {
            throw new IOException("cannot create " + defaultBranch + ": " + result);
          }
        }
      }
      // JGit creates with the umask; the tracker's state is for its own user only.
      PrivateFiles.restrictTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create git repository " + dir, e);
    }
  }

  private ObjectId initialCommit(Repository repo, String readme, PersonIdent who)
      throws IOException {
    try (ObjectInserter ins = repo.newObjectInserter()) {
      ObjectId blob = ins.insert(Constants.OBJ_BLOB, readme.getBytes(StandardCharsets.UTF_8));
      TreeFormatter tree = new TreeFormatter();
      tree.append("README.md", FileMode.REGULAR_FILE, blob);
      ObjectId treeId = ins.insert(tree);
      PersonIdent at = new PersonIdent(who, clock.instant(), ZoneOffset.UTC);
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(treeId);
      commit.setAuthor(at);
      commit.setCommitter(at);
      commit.setMessage("Initial commit\n");
      ObjectId id = ins.insert(commit);
      ins.flush();
      return id;
    }
  }

  /** Removes a repository's directory (used when its creation is rolled back). */
  public void delete(String owner, String name) {
    forget(pathOf(owner, name));
    try {
      deleteTree(pathOf(owner, name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete git repository", e);
    }
  }

  private void forget(Path dir) {
    Repository stale = open.remove(dir);
    if (stale != null) {
      stale.close();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  public boolean isEmpty(Repo repo) {
    try (Repository git = open(repo)) {
      return git.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<BranchHead> branches(Repo repo) {
    try (Repository git = open(repo);
        RevWalk walk = new RevWalk(git)) {
      List<BranchHead> out = new ArrayList<>();
      for (Ref ref : git.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
        out.add(head(walk, ref));
      }
      out.sort(Comparator.comparing(BranchHead::name));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Optional<BranchHead> branch(Repo repo, String name) {
    checked(name);
    try (Repository git = open(repo);
        RevWalk walk = new RevWalk(git)) {
      Ref ref = git.exactRef(Constants.R_HEADS + name);
      return ref == null ? Optional.empty() : Optional.of(head(walk, ref));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BranchHead head(RevWalk walk, Ref ref) throws IOException {
    RevCommit c = walk.parseCommit(ref.getObjectId());
    PersonIdent a = c.getAuthorIdent();
    PersonIdent k = c.getCommitterIdent();
    return new BranchHead(
        ref.getName().substring(Constants.R_HEADS.length()),
        new CommitInfo(
            c.name(),
            c.getFullMessage(),
            a.getName(),
            a.getEmailAddress(),
            k.getName(),
            k.getEmailAddress(),
            k.getWhenAsInstant()));
  }

  /**
   * Creates {@code refs/heads/<name>} at {@code from} (a branch, tag or commit id) if and only if
   * it does not exist. JGit's ref update with an expected old id of zero is a compare-and-set on
   * the ref's lock file, so of concurrent creations (through this API or a push) exactly one wins.
   */
  public BranchCreation createBranch(Repo repo, String name, String from) {
    checked(name);
    checked(from);
    try (Repository git = open(repo);
        RevWalk walk = new RevWalk(git)) {
      Optional<ObjectId> source = resolveCommit(git, from);
      if (source.isEmpty()) {
        return new BranchCreation.SourceMissing();
      }
      if (git.exactRef(Constants.R_HEADS + name) != null) {
        return new BranchCreation.AlreadyExists();
      }
      RefUpdate update = git.updateRef(Constants.R_HEADS + name);
      update.setExpectedOldObjectId(ObjectId.zeroId());
      update.setNewObjectId(source.get());
      update.setRefLogMessage("branch: created from " + from, false);
      RefUpdate.Result result = update.update(walk);
      return switch (result) {
        case NEW -> new BranchCreation.Created(head(walk, git.exactRef(Constants.R_HEADS + name)));
        case LOCK_FAILURE, REJECTED, NO_CHANGE -> new BranchCreation.AlreadyExists();
        default -> throw new IOException("cannot create branch: " + result);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a branch; false when it does not exist. */
  public boolean deleteBranch(Repo repo, String name) {
    checked(name);
    try (Repository git = open(repo)) {
      Ref ref = git.exactRef(Constants.R_HEADS + name);
      if (ref == null) {
        return false;
      }
      RefUpdate update = git.updateRef(Constants.R_HEADS + name);
      update.setExpectedOldObjectId(ref.getObjectId());
      update.setForceUpdate(true);
      RefUpdate.Result result = update.delete();
      return result == RefUpdate.Result.FORCED;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<ObjectId> resolveCommit(Repository git, String ref) throws IOException {
    if (ref.isEmpty() || ref.startsWith("-")) {
      return Optional.empty();
    }
    for (String candidate : List.of(Constants.R_HEADS + ref, Constants.R_TAGS + ref, ref)) {
      if (!candidate.startsWith(Constants.R_REFS) && !ObjectId.isId(candidate)) {
        continue;
      }
      ObjectId id =
          ObjectId.isId(candidate) ? ObjectId.fromString(candidate) : refId(git, candidate);
      if (id != null && git.getObjectDatabase().has(id)) {
        try (RevWalk walk = new RevWalk(git)) {
          return Optional.of(walk.parseCommit(id).getId());
        } catch (IncorrectObjectTypeException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static ObjectId refId(Repository git, String name) throws IOException {
    Ref ref = git.exactRef(name);
    return ref == null ? null : ref.getObjectId();
  }

  /** Whether {@code head} has commits that {@code base} does not: a pull request needs some. */
  public boolean hasCommitsAhead(Repo repo, String head, String base) {
    checked(head);
    checked(base);
    try (Repository git = open(repo);
        RevWalk walk = new RevWalk(git)) {
      ObjectId h = refId(git, Constants.R_HEADS + head);
      ObjectId b = refId(git, Constants.R_HEADS + base);
      if (h == null || b == null) {
        return false;
      }
      walk.setRevFilter(RevFilter.ALL);
      RevCommit headCommit = walk.parseCommit(h);
      RevCommit baseCommit = walk.parseCommit(b);
      return !walk.isMergedInto(headCommit, baseCommit);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The commit id a branch points at. */
  public Optional<String> branchSha(Repo repo, String name) {
    checked(name);
    try (Repository git = open(repo)) {
      return Optional.ofNullable(refId(git, Constants.R_HEADS + name)).map(ObjectId::name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Merges {@code head} into {@code base} with a merge commit (Gitea's {@code Do: merge}), in
   * memory: the bare repository has no work tree. Empty when a branch is missing, the merge has
   * conflicts, or {@code base} moved meanwhile (the ref update is a compare-and-set).
   */
  public Optional<String> merge(
      Repo repo, String head, String base, PersonIdent who, String message) {
    checked(head);
    checked(base);
    try (Repository git = open(repo);
        RevWalk walk = new RevWalk(git);
        ObjectInserter inserter = git.newObjectInserter()) {
      ObjectId h = refId(git, Constants.R_HEADS + head);
      ObjectId b = refId(git, Constants.R_HEADS + base);
      if (h == null || b == null) {
        return Optional.empty();
      }
      RevCommit headCommit = walk.parseCommit(h);
      RevCommit baseCommit = walk.parseCommit(b);
      ThreeWayMerger merger = MergeStrategy.RECURSIVE.newMerger(git, true);
      if (!merger.merge(baseCommit, headCommit)) {
        return Optional.empty();
      }
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(merger.getResultTreeId());
      commit.setParentIds(baseCommit, headCommit);
      commit.setAuthor(who);
      commit.setCommitter(who);
      commit.setMessage(message);
      ObjectId merged = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = git.updateRef(Constants.R_HEADS + base);
      update.setExpectedOldObjectId(b);
      update.setNewObjectId(merged);
      update.setRefLogMessage("merge " + head, false);
      return switch (update.update(walk)) {
        case FAST_FORWARD, NEW -> Optional.of(merged.name());
        default -> Optional.empty();
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
