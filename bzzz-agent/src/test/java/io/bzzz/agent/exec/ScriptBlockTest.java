package io.bzzz.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScriptBlockTest {

  @Test
  void findsTheOneBlock() {
    assertThat(ScriptBlock.extract("intro\n```bzzz-script\necho hi\necho there\n```\nend"))
        .isEqualTo(new ScriptBlock.Found("echo hi\necho there\n"));
  }

  @Test
  void acceptsCrLfTildesLongerFencesAndIndentedFences() {
    assertThat(ScriptBlock.extract("x\r\n  ~~~~ bzzz-script\r\necho a\r\n~~~~~\r\n"))
        .isEqualTo(new ScriptBlock.Found("echo a\n"));
    assertThat(ScriptBlock.extract("````bzzz-script\n```\nstill inside\n````\n"))
        .isEqualTo(new ScriptBlock.Found("```\nstill inside\n"));
  }

  @Test
  void noBlockIsNotFound() {
    assertThat(ScriptBlock.extract("just words\n```sh\necho not ours\n```\n"))
        .isEqualTo(new ScriptBlock.NotFound());
    assertThat(ScriptBlock.extract("")).isEqualTo(new ScriptBlock.NotFound());
    // Four spaces make an indented code block, not a fence.
    assertThat(ScriptBlock.extract("    ```bzzz-script\n    echo x\n    ```\n"))
        .isEqualTo(new ScriptBlock.NotFound());
  }

  @Test
  void twoBlocksAreAmbiguous() {
    String body = "```bzzz-script\necho 1\n```\n\n```bzzz-script\necho 2\n```\n";
    assertThat(ScriptBlock.extract(body)).isEqualTo(new ScriptBlock.Ambiguous(2));
  }

  @Test
  void anUnterminatedFenceIsReportedWithItsLine() {
    assertThat(ScriptBlock.extract("a\nb\n```bzzz-script\necho 1\n"))
        .isEqualTo(new ScriptBlock.Unterminated(3));
    // A shorter closing fence does not close a longer opening one.
    assertThat(ScriptBlock.extract("````bzzz-script\necho 1\n```\n"))
        .isEqualTo(new ScriptBlock.Unterminated(1));
  }

  @Test
  void aBlockQuotedInsideAnotherFenceIsNotTheScript() {
    String body = "Example:\n~~~markdown\n```bzzz-script\nrm -rf /\n```\n~~~\n";
    assertThat(ScriptBlock.extract(body)).isEqualTo(new ScriptBlock.NotFound());
  }

  @Test
  void refusesHugeBodiesBeforeParsing() {
    String body = "x".repeat(ScriptBlock.MAX_BODY_CHARS + 1);
    assertThat(ScriptBlock.extract(body)).isInstanceOf(ScriptBlock.TooLarge.class);
  }

  /**
   * Bug found while fuzzing the fence parser (docs/fuzz.md): a fence line whose info string runs on
   * and ends in a backtick made the fence pattern backtrack quadratically (a 40,000-character line
   * took ~10 s, so a body under the 1 MiB limit could hold a task's parser for hours). Each line is
   * now matched in linear time.
   */
  @Test
  void aLongFenceLineEndingInABacktickIsRejectedInLinearTime() {
    String info = "```" + "a".repeat(400_000) + "`";
    String tildes = "~".repeat(400_000) + "`";
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          assertThat(ScriptBlock.extract(info)).isInstanceOf(ScriptBlock.NotFound.class);
          assertThat(ScriptBlock.extract(tildes)).isInstanceOf(ScriptBlock.NotFound.class);
        });
  }
}
