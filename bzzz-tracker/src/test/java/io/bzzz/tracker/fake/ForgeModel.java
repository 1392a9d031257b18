package io.bzzz.tracker.fake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state behind a fake forge: one repository's issues, pull requests, labels, comments and
 * branches. Every operation holds one lock, so branch creation is atomic like a real ref update.
 */
public final class ForgeModel {
  public static final class Issue {
    public final int number;
    public String title;
    public String body;
    public final String author;
    public String state = "open";
    public final Set<String> labels = new LinkedHashSet<>();
    public final Set<String> assignees = new LinkedHashSet<>();
    public final List<CommentRow> comments = new ArrayList<>();

    /** Present for pull requests, which share the issue numbering. */
    public Optional<Pull> pull = Optional.empty();

    public boolean merged;
    public final List<ReviewRow> reviews = new ArrayList<>();
    public final List<LineCommentRow> lineComments = new ArrayList<>();

    Issue(int number, String title, String body, String author) {
      this.number = number;
      this.title = title;
      this.body = body;
      this.author = author;
    }
  }

  public record Pull(String head, String base) {}

  public record CommentRow(long id, String author, String body) {}

  /** A review; {@code state} in GitHub's words ({@code CHANGES_REQUESTED}, ...). */
  public record ReviewRow(long id, String author, String state, String body) {}

  /** A line comment; {@code inReplyTo} 0 for the first of a thread. */
  public record LineCommentRow(
      long id, long reviewId, String author, String path, int line, String body, long inReplyTo) {}

  public record ReactionRow(long commentId, String user, String content) {}

  public final List<ReactionRow> reactions = new ArrayList<>();
  private final Map<String, String> permissions = new LinkedHashMap<>();

  public record Label(long id, String name, String color) {}

  public final String owner;
  public final String repo;
  public final String defaultBranch = "main";
  public final String user;
  public final ReentrantLock lock = new ReentrantLock();
  private final TreeMap<Integer, Issue> issues = new TreeMap<>();
  private final Map<String, Label> labels = new LinkedHashMap<>();
  private final Map<String, String> branches = new LinkedHashMap<>();
  private long nextId = 1000;
  private int nextNumber = 1;
  private volatile Optional<String> cloneUrl = Optional.empty();

  public ForgeModel(String owner, String repo, String user) {
    this.owner = owner;
    this.repo = repo;
    this.user = user;
    branches.put(defaultBranch, "a".repeat(40));
  }

  /**
   * Where the repository's git data is served, when a test runs a real git server beside the fake
   * API; without it, {@code clone_url} points at the fake itself, which serves no git.
   */
  public void serveGitAt(String url) {
    cloneUrl = Optional.of(url);
  }

  public Optional<String> cloneUrl() {
    return cloneUrl;
  }

  public <T> T locked(java.util.function.Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code change} under the lock. */
  public void update(Runnable change) {
    locked(
        () -> {
          change.run();
          return null;
        });
  }

  public Issue addIssue(String title, String body, List<String> labelNames) {
    return locked(
        () -> {
          Issue issue = new Issue(nextNumber++, title, body, user);
          for (String name : labelNames) {
            issue.labels.add(label(name).name());
          }
          issues.put(issue.number, issue);
          return issue;
        });
  }

  public Issue addPull(String head, String base, String title, String body) {
    return locked(
        () -> {
          Issue issue = new Issue(nextNumber++, title, body, user);
          issue.pull = Optional.of(new Pull(head, base));
          issues.put(issue.number, issue);
          return issue;
        });
  }

  public Optional<Issue> issue(int number) {
    return locked(() -> Optional.ofNullable(issues.get(number)));
  }

  public List<Issue> issues() {
    return locked(() -> List.copyOf(issues.values()));
  }

  /** The label by name, created with a default colour when missing (GitHub's behaviour). */
  public Label label(String name) {
    return locked(
        () ->
            labels.computeIfAbsent(
                name.toLowerCase(java.util.Locale.ROOT), k -> new Label(nextId++, name, "ededed")));
  }

  public Optional<Label> labelById(long id) {
    return locked(() -> labels.values().stream().filter(l -> l.id() == id).findFirst());
  }

  public Optional<Label> findLabel(String name) {
    return locked(() -> Optional.ofNullable(labels.get(name.toLowerCase(java.util.Locale.ROOT))));
  }

  public List<Label> labels() {
    return locked(() -> List.copyOf(labels.values()));
  }

  public CommentRow addComment(Issue issue, String body) {
    return locked(
        () -> {
          CommentRow row = new CommentRow(nextId++, user, body);
          issue.comments.add(row);
          return row;
        });
  }

  /** A comment by {@code author} (not the token's user). */
  public CommentRow addComment(Issue issue, String author, String body) {
    return locked(
        () -> {
          CommentRow row = new CommentRow(nextId++, author, body);
          issue.comments.add(row);
          return row;
        });
  }

  public ReviewRow addReview(Issue pull, String author, String state, String body) {
    return locked(
        () -> {
          ReviewRow row = new ReviewRow(nextId++, author, state, body);
          pull.reviews.add(row);
          return row;
        });
  }

  public LineCommentRow addLineComment(
      Issue pull, long reviewId, String author, String path, int line, String body, long replyTo) {
    return locked(
        () -> {
          LineCommentRow row =
              new LineCommentRow(nextId++, reviewId, author, path, line, body, replyTo);
          pull.lineComments.add(row);
          return row;
        });
  }

  /** Sets what the collaborator permission endpoint answers for {@code login}. */
  public void permission(String login, String permission) {
    update(() -> permissions.put(login.toLowerCase(java.util.Locale.ROOT), permission));
  }

  /** The permission of {@code login}; empty when the user is unknown. */
  public Optional<String> permissionOf(String login) {
    return locked(
        () -> {
          if (login.equalsIgnoreCase(user)) {
            return Optional.of("admin");
          }
          return Optional.ofNullable(permissions.get(login.toLowerCase(java.util.Locale.ROOT)));
        });
  }

  /** Moves a branch (a push the test makes). */
  public void setBranch(String name, String sha) {
    update(() -> branches.put(name, sha));
  }

  /** Creates a branch at the default head unless it exists: the atomic step of a claim. */
  public boolean createBranch(String name) {
    return locked(() -> branches.putIfAbsent(name, branches.get(defaultBranch)) == null);
  }

  public Optional<String> branch(String name) {
    return locked(() -> Optional.ofNullable(branches.get(name)));
  }

  public Set<String> branchNames() {
    return locked(() -> Set.copyOf(branches.keySet()));
  }
}
