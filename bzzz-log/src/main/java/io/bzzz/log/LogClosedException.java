package io.bzzz.log;

/** The log was closed while a caller waited on it or tried to use it. */
public class LogClosedException extends IllegalStateException {
  public LogClosedException(String message) {
    super(message);
  }
}
