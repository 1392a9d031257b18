package io.bzzz.agent.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.p2p.files.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This agent's memory of pull requests, in {@code <data-dir>/review/ledger.json}: how far each
 * conversation was seen (so a restart does not read old comments as new), and which pull requests
 * ended (merged or closed: never watched again). The tracker's round markers stay the shared truth;
 * the ledger only never moves a cursor back. Written whole to a temporary file and renamed.
 */
final class ReviewLedger {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One pull request's entry. */
  record Entry(long review, long reviewComment, long comment, boolean ended) {
    Cursor cursor() {
      return new Cursor(review, reviewComment, comment);
    }
  }

  private final Path file;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  ReviewLedger(Path dataDir) {
    this.file = dataDir.resolve("review").resolve("ledger.json");
    load();
  }

  private void load() {
    if (!Files.exists(file)) {
      return;
    }
    try {
      Map<?, ?> raw = JSON.readValue(file.toFile(), Map.class);
      for (Map.Entry<?, ?> e : raw.entrySet()) {
        entries.put(String.valueOf(e.getKey()), JSON.convertValue(e.getValue(), Entry.class));
      }
    } catch (IOException | IllegalArgumentException e) {
      // A damaged ledger costs re-reading conversations: the round markers still prevent repeats.
      entries.clear();
    }
  }

  static String key(String repository, int pull) {
    return repository + "#" + pull;
  }

  Cursor cursor(String repository, int pull) {
    return get(repository, pull).map(Entry::cursor).orElse(Cursor.START);
  }

  boolean ended(String repository, int pull) {
    return get(repository, pull).map(Entry::ended).orElse(false);
  }

  private Optional<Entry> get(String repository, int pull) {
    lock.lock();
    try {
      return Optional.ofNullable(entries.get(key(repository, pull)));
    } finally {
      lock.unlock();
    }
  }

  void advance(String repository, int pull, Cursor to) {
    update(repository, pull, to, false);
  }

  void end(String repository, int pull) {
    update(repository, pull, Cursor.START, true);
  }

  private void update(String repository, int pull, Cursor to, boolean end) {
    lock.lock();
    try {
      Entry old = entries.getOrDefault(key(repository, pull), new Entry(0, 0, 0, false));
      Cursor c = old.cursor().max(to);
      Entry next = new Entry(c.review(), c.reviewComment(), c.comment(), old.ended() || end);
      if (next.equals(old) && entries.containsKey(key(repository, pull))) {
        return;
      }
      entries.put(key(repository, pull), next);
      save();
    } finally {
      lock.unlock();
    }
  }

  private void save() {
    try {
      OwnerOnly.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("ledger.json.tmp");
      JSON.writeValue(tmp.toFile(), entries);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
