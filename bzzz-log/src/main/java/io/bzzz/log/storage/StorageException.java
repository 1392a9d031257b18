package io.bzzz.log.storage;

/** The log directory cannot be read or written as a log; the message names the file and why. */
public class StorageException extends RuntimeException {
  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
