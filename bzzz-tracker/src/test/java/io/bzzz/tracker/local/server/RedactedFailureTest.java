package io.bzzz.tracker.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class RedactedFailureTest {

  @Test
  void keepsClassesAndStackButNoMessage() {
    IOException inner = new IOException("root:$6$secret-hash:19000:0:99999:7:::");
    UncheckedIOException outer = new UncheckedIOException("wrapping root:$6$secret-hash", inner);

    RedactedFailure redacted = RedactedFailure.of(outer);

    StringWriter printed = new StringWriter();
    redacted.printStackTrace(new PrintWriter(printed));
    assertThat(printed.toString())
        .doesNotContain("secret-hash")
        .contains(UncheckedIOException.class.getName())
        .contains(IOException.class.getName())
        .contains("RedactedFailureTest.keepsClassesAndStackButNoMessage");
    assertThat(redacted.getCause()).isNotNull();
    assertThat(redacted.getCause().getCause()).isNull();
  }
}
