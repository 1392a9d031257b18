package io.bzzz.tracker.local.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The one SQLite file of the local tracker. Writes go through a single connection under a lock,
 * each in its own {@code BEGIN IMMEDIATE} transaction; reads use a small pool of connections that
 * WAL mode lets run beside the writer. Owns and closes every connection it opens.
 */
public final class Database implements AutoCloseable {
  private static final int READERS = 4;

  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
  private final List<Connection> all = new ArrayList<>();

  private Database(Path file) throws SQLException {
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    writer = open(url);
    try (Statement s = writer.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      // FULL: a transaction acknowledged to a client survives a power loss, not only a crash.
      s.execute("PRAGMA synchronous=FULL");
    }
    Schema.apply(writer);
    for (int i = 0; i < READERS; i++) {
      readers.add(open(url));
    }
  }

  /** Opens (creating when absent) the database file and brings its schema up to date. */
  public static Database open(Path file) {
    try {
      return new Database(file);
    } catch (SQLException e) {
      throw new StoreException("cannot open tracker database " + file, e);
    }
  }

  private Connection open(String url) throws SQLException {
    Connection c = DriverManager.getConnection(url);
    all.add(c);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA foreign_keys=ON");
      s.execute("PRAGMA busy_timeout=10000");
    }
    return c;
  }

  /** Work done with a connection; may throw SQL errors, which roll the transaction back. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} in one write transaction: all of it is committed, or none of it. */
  <T> T write(SqlWork<T> work) {
    writeLock.lock();
    try {
      try (Statement s = writer.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
      }
      try {
        T result = work.run(writer);
        try (Statement s = writer.createStatement()) {
          s.execute("COMMIT");
        }
        return result;
      } catch (SQLException | RuntimeException e) {
        rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw StoreException.of(e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Runs {@code work} (a git ref change) under the write lock, without a SQL transaction: ref
   * changes made through the API are serialized with every SQL write, and git's own fsynced lock
   * files make each of them atomic and durable.
   */
  <T> T exclusive(Supplier<T> work) {
    writeLock.lock();
    try {
      return work.get();
    } finally {
      writeLock.unlock();
    }
  }

  private void rollback() {
    try (Statement s = writer.createStatement()) {
      s.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // The transaction is gone already (SQLite rolls back on some errors by itself).
    }
  }

  /** Runs {@code work} in one read transaction, so that its queries see one snapshot. */
  <T> T read(SqlWork<T> work) {
    Connection c;
    try {
      c = readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a database connection", e);
    }
    try {
      try (Statement s = c.createStatement()) {
        s.execute("BEGIN");
      }
      try {
        return work.run(c);
      } finally {
        try (Statement s = c.createStatement()) {
          s.execute("COMMIT");
        }
      }
    } catch (SQLException e) {
      throw StoreException.of(e);
    } finally {
      readers.add(c);
    }
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      for (Connection c : all) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // Closing is best effort; SQLite has committed everything acknowledged.
        }
      }
    } finally {
      writeLock.unlock();
    }
  }
}
