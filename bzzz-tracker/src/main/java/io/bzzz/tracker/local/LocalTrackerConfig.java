package io.bzzz.tracker.local;

import io.bzzz.tracker.local.auth.LoginLimits;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How to run a local tracker.
 *
 * @param host address to listen on ({@code 127.0.0.1} by default)
 * @param port TCP port, 0 for any free port
 * @param dataDir holds {@code tracker.db}, {@code repos/} and {@code admin.token}
 * @param publicUrl the base URL to put in answers when clients reach the server by another name
 *     than {@code http://host:port}
 * @param maxBodyBytes largest API request body; larger ones get 413
 * @param maxPackBytes largest pack a push may send
 * @param clock time for created/updated stamps
 * @param random source of tokens and salts (a {@link SecureRandom} unless a test injects one)
 * @param loginLimits failed password logins tolerated per user and per address before a lock-out
 *     (timed by {@code clock})
 * @param adminTokenFile a file (a container secret) whose content becomes a token of the admin user
 *     at start, so that others can be given the same secret before the tracker first runs
 */
public record LocalTrackerConfig(
    String host,
    int port,
    Path dataDir,
    Optional<String> publicUrl,
    long maxBodyBytes,
    long maxPackBytes,
    InstantSource clock,
    RandomGenerator random,
    LoginLimits loginLimits,
    Optional<Path> adminTokenFile) {

  public static final long DEFAULT_MAX_BODY_BYTES = 1 << 20;
  public static final long DEFAULT_MAX_PACK_BYTES = 512L << 20;

  public LocalTrackerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(publicUrl, "publicUrl");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(loginLimits, "loginLimits");
    Objects.requireNonNull(adminTokenFile, "adminTokenFile");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (maxBodyBytes < 1024 || maxPackBytes < 1024) {
      throw new IllegalArgumentException("body and pack limits must be at least 1 KiB");
    }
    publicUrl = publicUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
  }

  /** Loopback, a free port, default limits, the system clock and a secure random source. */
  public static LocalTrackerConfig of(Path dataDir) {
    return new LocalTrackerConfig(
        "127.0.0.1",
        0,
        dataDir,
        Optional.empty(),
        DEFAULT_MAX_BODY_BYTES,
        DEFAULT_MAX_PACK_BYTES,
        InstantSource.system(),
        new SecureRandom(),
        LoginLimits.DEFAULT,
        Optional.empty());
  }

  public LocalTrackerConfig withListen(String host, int port) {
    return new LocalTrackerConfig(
        host,
        port,
        dataDir,
        publicUrl,
        maxBodyBytes,
        maxPackBytes,
        clock,
        random,
        loginLimits,
        adminTokenFile);
  }

  public LocalTrackerConfig withMaxBodyBytes(long bytes) {
    return new LocalTrackerConfig(
        host,
        port,
        dataDir,
        publicUrl,
        bytes,
        maxPackBytes,
        clock,
        random,
        loginLimits,
        adminTokenFile);
  }

  /** A clock for stamps and login lock-outs (tests move it instead of sleeping). */
  public LocalTrackerConfig withClock(InstantSource clock) {
    return new LocalTrackerConfig(
        host,
        port,
        dataDir,
        publicUrl,
        maxBodyBytes,
        maxPackBytes,
        clock,
        random,
        loginLimits,
        adminTokenFile);
  }

  public LocalTrackerConfig withLoginLimits(LoginLimits limits) {
    return new LocalTrackerConfig(
        host,
        port,
        dataDir,
        publicUrl,
        maxBodyBytes,
        maxPackBytes,
        clock,
        random,
        limits,
        adminTokenFile);
  }

  public LocalTrackerConfig withPublicUrl(String url) {
    return new LocalTrackerConfig(
        host,
        port,
        dataDir,
        Optional.of(url),
        maxBodyBytes,
        maxPackBytes,
        clock,
        random,
        loginLimits,
        adminTokenFile);
  }

  /** The admin also accepts the token in {@code file} (see {@code adminTokenFile}). */
  public LocalTrackerConfig withAdminTokenFile(Path file) {
    return new LocalTrackerConfig(
        host,
        port,
        dataDir,
        publicUrl,
        maxBodyBytes,
        maxPackBytes,
        clock,
        random,
        loginLimits,
        Optional.of(file));
  }
}
