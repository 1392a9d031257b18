package io.bzzz.tracker.local.server;

/**
 * A copy of a failure for the log that keeps each exception's class and stack trace but drops its
 * message. Library messages can quote what they read (JGit puts the content of a file it took for a
 * ref into its error), and such a file may be a secret, so they never reach the log.
 */
public final class RedactedFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_DEPTH = 16;

  private RedactedFailure(Throwable original, Throwable cause) {
    super(original.getClass().getName(), cause, false, true);
    setStackTrace(original.getStackTrace());
  }

  /** The redacted copy of {@code failure} and of its causes. */
  public static RedactedFailure of(Throwable failure) {
    return copy(failure, 0);
  }

  // Identity on purpose: a throwable that is its own cause ends the chain.
  @SuppressWarnings("ReferenceEquality")
  private static RedactedFailure copy(Throwable t, int depth) {
    Throwable cause = t.getCause();
    RedactedFailure redactedCause =
        cause == null || cause == t || depth >= MAX_DEPTH ? null : copy(cause, depth + 1);
    return new RedactedFailure(t, redactedCause);
  }

  @Override
  @SuppressWarnings("OverrideThrowableToString") // getMessage() stays the bare class name
  public String toString() {
    // The class name of the original, not of this wrapper, so the log reads naturally.
    return getMessage() + " (message redacted)";
  }
}
