package io.bzzz.tracker.local.store;

import java.sql.SQLException;

/** A storage failure the caller cannot fix by changing its request. */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  static StoreException of(SQLException e) {
    return new StoreException("tracker database error: " + e.getMessage(), e);
  }
}
