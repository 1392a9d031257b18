package io.bzzz.tracker.local.store;

import java.nio.file.Path;
import java.time.InstantSource;

/** All of the local tracker's SQL state, in one SQLite file; owns the database. */
public final class TrackerStore implements AutoCloseable {
  private final Database db;
  private final AccountStore accounts;
  private final RepoStore repos;
  private final LabelStore labels;
  private final IssueStore issues;
  private final CommentStore comments;
  private final HookStore hooks;
  private final ReviewStore reviews;

  private TrackerStore(Database db, InstantSource clock) {
    this.db = db;
    this.accounts = new AccountStore(db, clock);
    this.repos = new RepoStore(db, clock);
    this.labels = new LabelStore(db);
    this.issues = new IssueStore(db, clock);
    this.comments = new CommentStore(db, clock);
    this.hooks = new HookStore(db, clock);
    this.reviews = new ReviewStore(db, clock);
  }

  public static TrackerStore open(Path file, InstantSource clock) {
    return new TrackerStore(Database.open(file), clock);
  }

  public AccountStore accounts() {
    return accounts;
  }

  public RepoStore repos() {
    return repos;
  }

  public LabelStore labels() {
    return labels;
  }

  public IssueStore issues() {
    return issues;
  }

  public CommentStore comments() {
    return comments;
  }

  public HookStore hooks() {
    return hooks;
  }

  public ReviewStore reviews() {
    return reviews;
  }

  @Override
  public void close() {
    db.close();
  }
}
