package io.bzzz.cli.common;

/**
 * A failure the user should read as one line on stderr, with the exit code it deserves. Commands
 * throw it instead of printing and returning, so every failure looks the same.
 */
public final class CliFailure extends RuntimeException {
  private final int exitCode;

  public CliFailure(String message) {
    this(message, 1);
  }

  public CliFailure(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
