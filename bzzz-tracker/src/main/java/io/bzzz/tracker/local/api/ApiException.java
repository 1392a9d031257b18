package io.bzzz.tracker.local.api;

/** An error answer: its status and the message of Gitea's {@code {"message","url"}} body. */
final class ApiException extends RuntimeException {
  private final int status;

  ApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }

  static ApiException notFound() {
    return new ApiException(404, "The target couldn't be found.");
  }

  static ApiException unauthorized(String message) {
    return new ApiException(401, message);
  }

  static ApiException forbidden(String message) {
    return new ApiException(403, message);
  }

  static ApiException conflict(String message) {
    return new ApiException(409, message);
  }

  static ApiException unprocessable(String message) {
    return new ApiException(422, message);
  }
}
