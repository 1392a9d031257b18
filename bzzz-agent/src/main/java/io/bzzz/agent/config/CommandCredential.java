package io.bzzz.agent.config;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret a credential helper prints ({@code vault kv get -field=token ...}, a script that mints a
 * GitHub App installation token). An answer is used for {@code ttl}, then the helper runs again; a
 * 401 runs it at once (at most once per {@link #RENEW_SPACING}). One run at a time: callers wait
 * for it rather than start their own.
 *
 * <p>A failing run (exit status not 0, timeout, no output) is logged once per failure without any
 * output, the last good answer stays in use until its TTL runs out, and the next run waits 5 s,
 * then 10 s, 20 s... up to 5 min: nothing loops, and the agent stays up; calls in between fail at
 * once with the last reason.
 */
public final class CommandCredential implements Credential {
  private static final Logger log = LoggerFactory.getLogger(CommandCredential.class);
  static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  static final Duration MAX_RETRY = Duration.ofMinutes(5);

  /** A 401 that the helper's new answer does not fix is not worth a run per request. */
  static final Duration RENEW_SPACING = Duration.ofSeconds(10);

  private final HelperCommand helper;
  private final Duration ttl;
  private final Duration timeout;
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();

  private Optional<Secret> value = Optional.empty();
  private Instant expires = Instant.MIN;
  private Instant nextRun = Instant.MIN;
  private Instant nextRenewal = Instant.MIN;
  private int failures;
  private String lastFailure = "";

  public CommandCredential(
      HelperCommand helper, Duration ttl, Duration timeout, InstantSource clock) {
    this.helper = helper;
    this.ttl = ttl;
    this.timeout = timeout;
    this.clock = clock;
  }

  @Override
  public Secret current() {
    lock.lock();
    try {
      Instant now = clock.instant();
      if (fresh(now)) {
        return value.get();
      }
      if (now.isBefore(nextRun)) {
        throw unavailable(now);
      }
      run(now);
      if (fresh(now)) {
        return value.get();
      }
      throw unavailable(now);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Secret> renewAfterRejection(Secret rejected) {
    lock.lock();
    try {
      Instant now = clock.instant();
      if (fresh(now) && !value.get().equals(rejected)) {
        return value; // another caller renewed it meanwhile
      }
      if (now.isBefore(nextRun) || now.isBefore(nextRenewal)) {
        return Optional.empty();
      }
      nextRenewal = now.plus(RENEW_SPACING);
      run(now);
      return value.filter(v -> fresh(now) && !v.equals(rejected));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String origin() {
    return helper.name();
  }

  @Override
  public String toString() {
    return "CommandCredential[" + helper.name() + ", ttl " + ttl + ", redacted]";
  }

  private boolean fresh(Instant now) {
    return value.isPresent() && now.isBefore(expires);
  }

  private void run(Instant now) {
    try {
      Secret answer = new Secret(helper.run(timeout), helper.name());
      value = Optional.of(answer);
      expires = now.plus(ttl);
      if (failures > 0) {
        log.atInfo()
            .addKeyValue("helper", helper.name())
            .addKeyValue("failed_runs", failures)
            .log("credential helper works again");
      }
      failures = 0;
      nextRun = Instant.MIN;
    } catch (HelperCommand.Failure e) {
      failures++;
      Duration wait = retryDelay(failures);
      nextRun = now.plus(wait);
      lastFailure = e.getMessage();
      log.atWarn()
          .addKeyValue("helper", helper.name())
          .addKeyValue("failed_runs", failures)
          .addKeyValue("retry_in_s", wait.toSeconds())
          .addKeyValue("previous_value_in_use", fresh(now))
          .log(lastFailure);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CredentialUnavailableException(helper.name() + ": interrupted");
    }
  }

  static Duration retryDelay(int failures) {
    Duration d = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 16));
    return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
  }

  private CredentialUnavailableException unavailable(Instant now) {
    return new CredentialUnavailableException(
        lastFailure
            + "; no earlier answer is still valid; next run in "
            + Math.max(1, Duration.between(now, nextRun).toSeconds())
            + "s");
  }
}
