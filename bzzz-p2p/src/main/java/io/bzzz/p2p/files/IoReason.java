package io.bzzz.p2p.files;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why an I/O operation failed, as a few lowercase words for a one-line message ("permission
 * denied", "is a directory", "connection refused"). The JDK's file exceptions carry only the path
 * as their message, and some network exceptions carry none; the caller names the file or address,
 * this names the reason. Never null, never a class name with a stack trace.
 */
public final class IoReason {
  private IoReason() {}

  public static String of(Throwable e) {
    return switch (e) {
      case NoSuchFileException x -> "no such file or directory";
      case AccessDeniedException x -> "permission denied";
      case FileAlreadyExistsException x -> "already exists";
      case NotDirectoryException x -> "not a directory";
      case DirectoryNotEmptyException x -> "directory not empty";
      case FileSystemException x when x.getReason() != null -> lowerFirst(x.getReason());
      case UnknownHostException x ->
          "unknown host" + (x.getMessage() == null ? "" : " " + x.getMessage());
      case ConnectException x -> messageOr(x, "connection refused");
      case NoRouteToHostException x -> "no route to host";
      case SocketTimeoutException x -> "timed out";
      case ClosedChannelException x -> "connection closed";
      default -> messageOr(e, e.getClass().getSimpleName());
    };
  }

  private static String messageOr(Throwable e, String fallback) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return lowerFirst(t.getMessage());
      }
    }
    return fallback;
  }

  /** "Is a directory" -> "is a directory"; leaves "GET /x" and "HTTP 500" alone. */
  private static String lowerFirst(String s) {
    if (s.length() >= 2
        && Character.isUpperCase(s.charAt(0))
        && Character.isLowerCase(s.charAt(1))) {
      return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
    return s;
  }
}
