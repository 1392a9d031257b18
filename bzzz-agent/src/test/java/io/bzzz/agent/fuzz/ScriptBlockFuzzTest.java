package io.bzzz.agent.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bzzz.agent.exec.ScriptBlock;
import io.bzzz.agent.exec.ScriptBlock.Extraction;
import io.bzzz.agent.exec.ScriptBlock.Found;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Issue bodies (from the tracker, written by anyone who can open an issue) searched for the {@code
 * bzzz-script} fence: the parser never throws and never hangs, a found script is part of the body,
 * and the explanation of any outcome is a non-empty sentence.
 */
class ScriptBlockFuzzTest {
  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void extract(FuzzedDataProvider data) {
    String body = data.consumeRemainingAsString();
    Extraction e = ScriptBlock.extract(body);
    if (e instanceof Found found) {
      assertThat(found.script().length()).isLessThanOrEqualTo(body.length());
    }
    assertThat(ScriptBlock.explain(e)).isNotBlank();
  }
}
