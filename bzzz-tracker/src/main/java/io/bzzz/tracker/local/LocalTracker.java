package io.bzzz.tracker.local;

import io.bzzz.tracker.local.api.GiteaApi;
import io.bzzz.tracker.local.auth.Accounts;
import io.bzzz.tracker.local.auth.Authenticator;
import io.bzzz.tracker.local.auth.Passwords;
import io.bzzz.tracker.local.auth.Tokens;
import io.bzzz.tracker.local.files.PrivateFiles;
import io.bzzz.tracker.local.git.GitAccessFilter;
import io.bzzz.tracker.local.git.GitHttp;
import io.bzzz.tracker.local.git.GitRepos;
import io.bzzz.tracker.local.hooks.HookDeliveries;
import io.bzzz.tracker.local.server.TrackerHttpServer;
import io.bzzz.tracker.local.store.Account;
import io.bzzz.tracker.local.store.Invalid;
import io.bzzz.tracker.local.store.Permission;
import io.bzzz.tracker.local.store.Repo;
import io.bzzz.tracker.local.store.TrackerStore;
import java.io.IOException;
import java.net.BindException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local tracker, embedded: a small forge speaking Gitea's API v1 and git smart HTTP, with its
 * state in one data directory. {@link #start} returns a running server; {@link #close} stops it and
 * closes the database.
 *
 * <pre>{@code
 * try (LocalTracker tracker = LocalTracker.start(LocalTrackerConfig.of(dir))) {
 *   String url = tracker.baseUrl();       // http://127.0.0.1:PORT
 *   String token = tracker.adminToken();  // also in dir/admin.token
 * }
 * }</pre>
 */
public final class LocalTracker implements AutoCloseable {
  public static final String ADMIN = "admin";
  public static final String ADMIN_TOKEN_FILE = "admin.token";

  /** The name of the admin token that {@code adminTokenFile} supplies. */
  static final String ADMIN_SECRET_TOKEN = "admin-secret";

  public static final String DATABASE_FILE = "tracker.db";

  private static final Logger log = LoggerFactory.getLogger(LocalTracker.class);

  private final DataDirLock lock;
  private final TrackerStore store;
  private final GitRepos git;
  private final Accounts accounts;
  private final TrackerHttpServer http;
  private final HookDeliveries hooks;
  private final String baseUrl;
  private final String adminToken;

  private LocalTracker(
      DataDirLock lock,
      TrackerStore store,
      GitRepos git,
      Accounts accounts,
      TrackerHttpServer http,
      HookDeliveries hooks,
      String baseUrl,
      String adminToken) {
    this.lock = lock;
    this.store = store;
    this.git = git;
    this.accounts = accounts;
    this.http = http;
    this.hooks = hooks;
    this.baseUrl = baseUrl;
    this.adminToken = adminToken;
  }

  /**
   * Binds the port first and only then touches the data directory: a start that cannot listen
   * leaves nothing behind. The directory is locked before the database is opened, so a second
   * tracker on it fails without writing anything.
   */
  public static LocalTracker start(LocalTrackerConfig config) throws IOException {
    TrackerHttpServer http = bind(config.host(), config.port());
    DataDirLock lock = null;
    TrackerStore store = null;
    GitRepos git = null;
    HookDeliveries hooks = null;
    try {
      Path dir = PrivateFiles.directory(config.dataDir());
      lock = DataDirLock.acquire(dir);
      store = TrackerStore.open(privateFile(dir.resolve(DATABASE_FILE)), config.clock());
      // SQLite gives -wal and -shm the database's mode; this makes sure of it, also for old files.
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        PrivateFiles.restrict(dir.resolve(DATABASE_FILE + suffix));
      }
      PrivateFiles.restrict(dir.resolve(ADMIN_TOKEN_FILE));
      git = new GitRepos(PrivateFiles.directory(dir.resolve("repos")), config.clock());
      for (Path stale : git.removeStaleLocks()) {
        log.atWarn()
            .addKeyValue("file", stale)
            .log("removed a git lock file left by an earlier run that was killed");
      }
      for (Path half : git.removeUnfinishedPacks()) {
        log.atWarn()
            .addKeyValue("file", half)
            .log("removed part of a pack that a push cut off by a kill left unfinished");
      }
      for (String ref : git.dropRefsToMissingObjects()) {
        log.atWarn()
            .addKeyValue("ref", ref)
            .log("deleted a ref that names an object missing from its repository");
      }
      Accounts accounts =
          new Accounts(
              store.accounts(), new Tokens(config.random()), new Passwords(config.random()));
      String adminToken = ensureAdmin(accounts, dir.resolve(ADMIN_TOKEN_FILE), config.clock());
      if (config.adminTokenFile().isPresent()) {
        adoptAdminToken(accounts, config.adminTokenFile().get());
      }
      String baseUrl =
          config.publicUrl().orElse("http://" + urlHost(config.host()) + ":" + http.port());
      Authenticator authenticator =
          new Authenticator(store.accounts(), config.loginLimits(), config.clock());
      hooks = new HookDeliveries();
      http.start(
          baseUrl,
          GiteaApi.servlet(
              store, git, accounts, authenticator, baseUrl, config.maxBodyBytes(), hooks),
          new GitAccessFilter(store.repos(), authenticator),
          GitHttp.servlet(git, store.repos(), store.issues(), config.maxPackBytes()));
      log.atInfo()
          .addKeyValue("url", baseUrl)
          .addKeyValue("data", config.dataDir())
          .log("local tracker listening");
      return new LocalTracker(lock, store, git, accounts, http, hooks, baseUrl, adminToken);
    } catch (Exception e) {
      closeQuietly(http);
      if (hooks != null) {
        hooks.close();
      }
      if (git != null) {
        git.close();
      }
      if (store != null) {
        store.close();
      }
      if (lock != null) {
        lock.close();
      }
      if (e instanceof IOException io) {
        throw io;
      }
      throw new IOException("cannot start the local tracker: " + e.getMessage(), e);
    }
  }

  /** Binds the port; the error names the address and why, in words a user can act on. */
  private static TrackerHttpServer bind(String host, int port) throws IOException {
    try {
      return TrackerHttpServer.bind(host, port);
    } catch (Exception e) {
      String address = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
      throw new IOException("cannot listen on " + address + ": " + bindReason(e), e);
    }
  }

  private static String bindReason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException || t instanceof UnresolvedAddressException) {
        String m = t.getMessage();
        return m == null ? "cannot bind" : m.toLowerCase(Locale.ROOT);
      }
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Creates an empty file 0600 when absent, so that SQLite never creates it with the umask. */
  private static Path privateFile(Path file) throws IOException {
    if (!Files.exists(file)) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PrivateFiles.FILE));
    }
    PrivateFiles.restrict(file);
    return file;
  }

  private static String urlHost(String host) {
    if (host.equals("0.0.0.0") || host.isEmpty()) {
      return "127.0.0.1";
    }
    if (host.equals("::") || host.equals("[::]")) {
      return "[::1]";
    }
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /**
   * On first start creates user {@code admin} and writes its token to {@code admin.token} (mode
   * 0600). Tokens are stored hashed, so when the file is gone a new admin token is minted.
   */
  private static String ensureAdmin(Accounts accounts, Path tokenFile, InstantSource clock)
      throws IOException {
    Optional<Account> admin = accounts.byLogin(ADMIN);
    if (admin.isPresent() && Files.exists(tokenFile)) {
      String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
      if (accounts.isToken(admin.get(), token)) {
        return token;
      }
      log.atWarn()
          .addKeyValue("file", tokenFile)
          .log("admin token file is stale; minting a new one");
    }
    Account user =
        admin.orElseGet(
            () -> accounts.createUser(ADMIN, "admin@localhost", true, Optional.empty()));
    // A fresh name each time: an older admin token stays valid for whoever holds it.
    String token = accounts.createToken(user, "admin-" + clock.millis()).token();
    writeSecret(tokenFile, token + "\n");
    log.atInfo().addKeyValue("file", tokenFile).log("admin token written");
    return token;
  }

  /**
   * Makes the token in {@code file} (a secret the agents get too) one of the admin's, under the
   * name {@value #ADMIN_SECRET_TOKEN}; a changed file replaces the token that name had, so rotating
   * the secret revokes the old one (a refused new one leaves it).
   */
  private static void adoptAdminToken(Accounts accounts, Path file) throws IOException {
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IOException("cannot read the admin token file " + file + ": " + e.getMessage(), e);
    }
    Account admin = accounts.byLogin(ADMIN).orElseThrow();
    if (accounts.isToken(admin, token)) {
      return;
    }
    try {
      accounts.putToken(admin, ADMIN_SECRET_TOKEN, token);
    } catch (Invalid e) {
      throw new IOException("admin token file " + file + ": " + e.getMessage(), e);
    }
    log.atInfo().addKeyValue("file", file).log("admin token taken from file");
  }

  /** Writes a secret file that is never readable by others, not even for a moment. */
  static void writeSecret(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(
        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The base URL, e.g. {@code http://127.0.0.1:3000}; the API is below {@code /api/v1}. */
  public String baseUrl() {
    return baseUrl;
  }

  public String adminToken() {
    return adminToken;
  }

  /** A user and a token for it, as tests and the demo need them. */
  public record UserToken(String login, String token) {
    @Override
    public String toString() {
      return "UserToken[" + login + ", ***]";
    }
  }

  /** Creates a user (no password) with one token. */
  public UserToken createUser(String login) {
    Account user = accounts.createUser(login, login + "@localhost", false, Optional.empty());
    return new UserToken(login, accounts.createToken(user, "bzzz").token());
  }

  /** Gives {@code login} write access to {@code owner/repo}. */
  public void addCollaborator(String owner, String repo, String login) {
    Repo r =
        store
            .repos()
            .find(owner, repo)
            .orElseThrow(() -> new IllegalArgumentException("no repository " + owner + "/" + repo));
    Account user =
        accounts.byLogin(login).orElseThrow(() -> new IllegalArgumentException("no user " + login));
    store.repos().setCollaborator(r, user, Permission.WRITE);
  }

  @Override
  public void close() {
    closeQuietly(http);
    hooks.close(); // after the server: no request can queue a delivery any more
    git.close();
    store.close();
    try {
      lock.close();
    } catch (IOException e) {
      log.atWarn().addKeyValue("error", e.getClass().getName()).log("cannot release the lock");
    }
    log.atInfo().addKeyValue("url", baseUrl).log("local tracker stopped");
  }

  private static void closeQuietly(TrackerHttpServer http) {
    if (http == null) {
      return;
    }
    try {
      http.close();
    } catch (Exception e) {
      log.atWarn().setCause(e).log("error while stopping the HTTP server");
    }
  }
}
