package io.bzzz.agent.workspace;

import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.regex.Pattern;

/**
 * Tells a git failure of the infrastructure (the tracker or git remote unreachable, the connection
 * refused or reset, an HTTP 5xx or 429) from one the task or the configuration caused (a branch
 * that does not exist, a rejected push, bad credentials): only the first kind is worth a retry, and
 * it says nothing about the task.
 */
public final class RemoteFailures {
  // JGit's HTTP transport reports an unexpected status as "<url>: <code> <reason>"
  private static final Pattern SERVER_STATUS = Pattern.compile("(^|:\\s)(5\\d\\d|429)(\\s|$)");

  private RemoteFailures() {}

  public static boolean isInfrastructure(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) { // bounded: cycles
      if (t instanceof SocketException // refused, reset, no route, "Unexpected end of file"
          || t instanceof SocketTimeoutException
          || t instanceof UnknownHostException
          || t instanceof EOFException
          || t instanceof HttpTimeoutException) {
        return true;
      }
      String message = t.getMessage();
      if (message != null
          && (SERVER_STATUS.matcher(message).find()
              || message.contains("Connection refused")
              || message.contains("Connection reset")
              || message.contains("Unexpected end of file from server")
              // the JDK's HTTP client when the server dies in the middle of a chunked answer
              || message.equals("Premature EOF"))) {
        return true;
      }
    }
    return false;
  }
}
