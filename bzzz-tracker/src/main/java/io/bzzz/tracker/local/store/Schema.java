package io.bzzz.tracker.local.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Creates the tables; {@code PRAGMA user_version} records which version a file has. */
final class Schema {
  private static final int VERSION = 4;

  private Schema() {}

  private static final String[] V1 = {
    """
    CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      login TEXT NOT NULL UNIQUE COLLATE NOCASE,
      email TEXT NOT NULL,
      full_name TEXT NOT NULL DEFAULT '',
      is_admin INTEGER NOT NULL DEFAULT 0,
      password_hash TEXT,
      created_at INTEGER NOT NULL)
    """,
    """
    CREATE TABLE tokens (
      id INTEGER PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id),
      name TEXT NOT NULL,
      token_hash TEXT NOT NULL UNIQUE,
      last_eight TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      UNIQUE (user_id, name))
    """,
    """
    CREATE TABLE repos (
      id INTEGER PRIMARY KEY,
      owner_id INTEGER NOT NULL REFERENCES users(id),
      name TEXT NOT NULL COLLATE NOCASE,
      description TEXT NOT NULL DEFAULT '',
      private INTEGER NOT NULL DEFAULT 0,
      default_branch TEXT NOT NULL,
      next_index INTEGER NOT NULL DEFAULT 1,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      UNIQUE (owner_id, name))
    """,
    """
    CREATE TABLE collaborators (
      repo_id INTEGER NOT NULL REFERENCES repos(id),
      user_id INTEGER NOT NULL REFERENCES users(id),
      permission TEXT NOT NULL,
      PRIMARY KEY (repo_id, user_id))
    """,
    """
    CREATE TABLE labels (
      id INTEGER PRIMARY KEY,
      repo_id INTEGER NOT NULL REFERENCES repos(id),
      name TEXT NOT NULL,
      color TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      exclusive INTEGER NOT NULL DEFAULT 0)
    """,
    "CREATE INDEX labels_by_repo ON labels (repo_id, name)",
    """
    CREATE TABLE issues (
      id INTEGER PRIMARY KEY,
      repo_id INTEGER NOT NULL REFERENCES repos(id),
      number INTEGER NOT NULL,
      poster_id INTEGER NOT NULL REFERENCES users(id),
      title TEXT NOT NULL,
      body TEXT NOT NULL DEFAULT '',
      closed INTEGER NOT NULL DEFAULT 0,
      is_pull INTEGER NOT NULL DEFAULT 0,
      comments INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      closed_at INTEGER,
      UNIQUE (repo_id, number))
    """,
    "CREATE INDEX issues_list ON issues (repo_id, is_pull, closed, number)",
    """
    CREATE TABLE issue_labels (
      issue_id INTEGER NOT NULL REFERENCES issues(id),
      label_id INTEGER NOT NULL REFERENCES labels(id),
      PRIMARY KEY (issue_id, label_id))
    """,
    "CREATE INDEX issue_labels_by_label ON issue_labels (label_id, issue_id)",
    """
    CREATE TABLE issue_assignees (
      issue_id INTEGER NOT NULL REFERENCES issues(id),
      user_id INTEGER NOT NULL REFERENCES users(id),
      PRIMARY KEY (issue_id, user_id))
    """,
    """
    CREATE TABLE comments (
      id INTEGER PRIMARY KEY,
      issue_id INTEGER NOT NULL REFERENCES issues(id),
      poster_id INTEGER NOT NULL REFERENCES users(id),
      body TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL)
    """,
    "CREATE INDEX comments_by_issue ON comments (issue_id, id)",
    """
    CREATE TABLE pulls (
      issue_id INTEGER PRIMARY KEY REFERENCES issues(id),
      head_ref TEXT NOT NULL,
      base_ref TEXT NOT NULL,
      merged INTEGER NOT NULL DEFAULT 0,
      merged_at INTEGER)
    """,
    "CREATE INDEX pulls_by_head ON pulls (head_ref, base_ref)",
  };

  /**
   * Who edited which text: an issue body ({@code comment_id} null) or a comment, one row per edit
   * that changed the text. What the agent reads to decide whether a script is vouched for.
   */
  private static final String[] V2 = {
    """
    CREATE TABLE content_edits (
      id INTEGER PRIMARY KEY,
      issue_id INTEGER NOT NULL REFERENCES issues(id),
      comment_id INTEGER REFERENCES comments(id),
      editor_id INTEGER NOT NULL REFERENCES users(id),
      edited_at INTEGER NOT NULL)
    """,
    "CREATE INDEX content_edits_by_issue ON content_edits (issue_id, comment_id, id)",
  };

  /**
   * Webhooks of a repository (Gitea's {@code /repos/{owner}/{repo}/hooks}): where to deliver, the
   * secret that signs deliveries, and the events as a comma-separated list.
   */
  private static final String[] V3 = {
    """
    CREATE TABLE hooks (
      id INTEGER PRIMARY KEY,
      repo_id INTEGER NOT NULL REFERENCES repos(id),
      url TEXT NOT NULL,
      content_type TEXT NOT NULL,
      secret TEXT NOT NULL,
      events TEXT NOT NULL,
      active INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL)
    """,
    "CREATE INDEX hooks_by_repo ON hooks (repo_id, id)",
  };

  /**
   * Pull request reviews, their line comments (rows of {@code comments} with a {@code review_id},
   * so ids are shared with conversation comments as in Gitea), and reactions to comments.
   */
  private static final String[] V4 = {
    """
    CREATE TABLE reviews (
      id INTEGER PRIMARY KEY,
      issue_id INTEGER NOT NULL REFERENCES issues(id),
      reviewer_id INTEGER NOT NULL REFERENCES users(id),
      state TEXT NOT NULL,
      body TEXT NOT NULL,
      commit_id TEXT NOT NULL,
      created_at INTEGER NOT NULL)
    """,
    "CREATE INDEX reviews_by_issue ON reviews (issue_id, id)",
    "ALTER TABLE comments ADD COLUMN review_id INTEGER REFERENCES reviews(id)",
    "ALTER TABLE comments ADD COLUMN path TEXT",
    "ALTER TABLE comments ADD COLUMN line INTEGER",
    """
    CREATE TABLE reactions (
      id INTEGER PRIMARY KEY,
      comment_id INTEGER NOT NULL REFERENCES comments(id),
      user_id INTEGER NOT NULL REFERENCES users(id),
      content TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      UNIQUE (comment_id, user_id, content))
    """,
  };

  static void apply(Connection c) throws SQLException {
    int version;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      version = rs.next() ? rs.getInt(1) : 0;
    }
    if (version > VERSION) {
      throw new SQLException(
          "tracker database has schema version " + version + ", newer than this bzzz");
    }
    if (version == VERSION) {
      return;
    }
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      if (version < 1) {
        for (String ddl : V1) {
          s.execute(ddl);
        }
      }
      if (version < 2) {
        for (String ddl : V2) {
          s.execute(ddl);
        }
      }
      if (version < 3) {
        for (String ddl : V3) {
          s.execute(ddl);
        }
      }
      for (String ddl : V4) {
        s.execute(ddl);
      }
      s.execute("PRAGMA user_version=" + VERSION);
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }
}
