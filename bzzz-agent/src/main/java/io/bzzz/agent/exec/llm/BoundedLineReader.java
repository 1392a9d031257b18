package io.bzzz.agent.exec.llm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads UTF-8 lines from a stream with a limit on each line and on the whole stream, checked before
 * the bytes are kept: a server that never sends a newline cannot exhaust memory.
 */
final class BoundedLineReader {
  private final InputStream in;
  private final int maxLine;
  private final long maxTotal;
  private long total;

  BoundedLineReader(InputStream in, int maxLine, long maxTotal) {
    this.in = in;
    this.maxLine = maxLine;
    this.maxTotal = maxTotal;
  }

  /** The next line without its terminator ({@code \n} or {@code \r\n}); empty at the end. */
  Optional<String> next() throws IOException, LlmException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (++total > maxTotal) {
        throw new LlmException(
            LlmException.Kind.BAD_RESPONSE, "the response is larger than " + maxTotal + " bytes");
      }
      if (b == '\n') {
        return Optional.of(strip(line));
      }
      if (line.size() >= maxLine) {
        throw new LlmException(
            LlmException.Kind.BAD_RESPONSE, "a response line is longer than " + maxLine + " bytes");
      }
      line.write(b);
    }
    return line.size() == 0 ? Optional.empty() : Optional.of(strip(line));
  }

  private static String strip(ByteArrayOutputStream line) {
    String s = line.toString(StandardCharsets.UTF_8);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }
}
