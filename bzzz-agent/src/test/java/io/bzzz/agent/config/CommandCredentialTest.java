package io.bzzz.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.bzzz.agent.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credential helpers run as real child processes; the TTL and the retry backoff follow an injected
 * clock, so nothing here waits for time to pass.
 */
class CommandCredentialTest {
  private static final Duration TTL = Duration.ofMinutes(5);
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final LogCapture logs = new LogCapture();

  @AfterEach
  void stopCapturing() {
    logs.close();
  }

  /** A script that counts its runs in a file and prints {@code body}'s output. */
  private Path script(String name, String body) throws Exception {
    Path s = dir.resolve(name);
    Files.writeString(
        s,
        "#!/bin/sh\n"
            + "n=$(( $(cat \"$0.runs\" 2>/dev/null || echo 0) + 1 ))\n"
            + "echo $n > \"$0.runs\"\n"
            + body
            + "\n");
    Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
    return s;
  }

  private static int runs(Path script) throws Exception {
    Path count = Path.of(script + ".runs");
    return Files.exists(count) ? Integer.parseInt(Files.readString(count).strip()) : 0;
  }

  private CommandCredential credential(Path script) {
    return new CommandCredential(
        HelperCommand.argv(List.of(script.toString()), "token_command"), TTL, TIMEOUT, clock);
  }

  @Test
  void anAnswerIsReusedWithinItsTtlAndFetchedAgainAfterItAndAfterARefusal() throws Exception {
    Path helper = script("counter", "echo \"ghs_counter_token_$n\"");
    CommandCredential token = credential(helper);

    assertThat(token.current().reveal()).isEqualTo("ghs_counter_token_1");
    clock.advance(TTL.minusSeconds(1));
    assertThat(token.current().reveal()).isEqualTo("ghs_counter_token_1");
    assertThat(runs(helper)).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1)); // the TTL ran out
    assertThat(token.current().reveal()).isEqualTo("ghs_counter_token_2");
    assertThat(runs(helper)).isEqualTo(2);

    // a 401 runs the helper at once, long before the TTL
    assertThat(token.renewAfterRejection(token.current()))
        .map(Secret::reveal)
        .contains("ghs_counter_token_3");
    assertThat(token.current().reveal()).isEqualTo("ghs_counter_token_3");
    // a second refusal right after is not worth another run per request
    assertThat(token.renewAfterRejection(token.current())).isEmpty();
    assertThat(runs(helper)).isEqualTo(3);

    assertThat(logs.text()).doesNotContain("ghs_counter_token");
  }

  @Test
  void aStringRunsThroughTheShellAndOnlyTheFirstLineIsTheSecret() throws Exception {
    CommandCredential token =
        new CommandCredential(
            HelperCommand.shell("printf 'abc\\nsecond line\\n' | tr a-z A-Z", "--token-command"),
            TTL,
            TIMEOUT,
            clock);
    assertThat(token.current().reveal()).isEqualTo("ABC");
    assertThat(token.origin()).isEqualTo("--token-command (printf)");
  }

  @Test
  void aFailingHelperIsOneClearLinePerRunBacksOffAndNeverLeaksItsOutput() throws Exception {
    Path helper =
        script("failing", "echo ghs_printed_before_failing\necho ghs_on_stderr_too >&2\nexit 3");
    CommandCredential token = credential(helper);

    // two minutes of calls, one a second: the helper runs at 0, 5, 15, 35 and 75 s, not 120 times
    for (int second = 0; second < 120; second++) {
      assertThatThrownBy(token::current)
          .isInstanceOf(CredentialUnavailableException.class)
          .hasMessageStartingWith("token_command (" + helper + ") exited with status 3")
          .hasMessageContaining("next run in");
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(runs(helper)).isEqualTo(5);

    var warnings = logs.events().stream().filter(e -> e.getLevel() == Level.WARN).toList();
    assertThat(warnings).hasSize(5);
    assertThat(warnings.getFirst().getFormattedMessage())
        .isEqualTo("token_command (" + helper + ") exited with status 3");
    assertThat(warnings.getFirst().getKeyValuePairs().toString())
        .contains("failed_runs=\"1\"", "retry_in_s=\"5\"");
    assertThat(logs.text()).doesNotContain("ghs_printed_before_failing", "ghs_on_stderr_too");
  }

  @Test
  void theLastGoodAnswerIsUsedUntilItsTtlWhileTheHelperFails() throws Exception {
    Path broken = dir.resolve("broken");
    Path helper =
        script("flaky", "if [ -e \"" + broken + "\" ]; then exit 1; fi\necho ghs_good_token");
    CommandCredential token = credential(helper);
    Secret good = token.current();

    Files.createFile(broken);
    // the tracker refused it, the helper fails: the 401 stands, the good value stays in use
    assertThat(token.renewAfterRejection(good)).isEmpty();
    clock.advance(TTL.minusSeconds(1));
    assertThat(token.current()).isEqualTo(good);

    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(token::current)
        .isInstanceOf(CredentialUnavailableException.class)
        .hasMessageContaining("exited with status 1")
        .hasMessageNotContaining("ghs_good_token");

    Files.delete(broken);
    clock.advance(CommandCredential.MAX_RETRY);
    assertThat(token.current().reveal()).isEqualTo("ghs_good_token");
    assertThat(logs.text()).contains("credential helper works again").doesNotContain("ghs_good");
  }

  @Test
  void aHelperThatHangsIsKilledAtItsTimeout() throws Exception {
    Path pidFile = dir.resolve("pid");
    Path helper = script("hangs", "echo $$ > \"" + pidFile + "\"\nexec sleep 600");
    CommandCredential token =
        new CommandCredential(
            HelperCommand.argv(List.of(helper.toString()), "token_command"),
            TTL,
            Duration.ofSeconds(3),
            clock);
    assertThatThrownBy(token::current)
        .isInstanceOf(CredentialUnavailableException.class)
        .hasMessageStartingWith("token_command (" + helper + ") did not finish within 3s");
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
  }

  @Test
  void aHelperThatPrintsNothingOrCannotStartSaysSo() {
    CommandCredential silent =
        new CommandCredential(HelperCommand.shell("true", "token_command"), TTL, TIMEOUT, clock);
    assertThatThrownBy(silent::current)
        .hasMessageStartingWith("token_command (true) exited with status 0 but printed nothing");
    CommandCredential absent =
        new CommandCredential(
            HelperCommand.argv(List.of(dir.resolve("no-such-helper").toString()), "token_command"),
            TTL,
            TIMEOUT,
            clock);
    assertThatThrownBy(absent::current).hasMessageContaining("could not be started");
  }
}
