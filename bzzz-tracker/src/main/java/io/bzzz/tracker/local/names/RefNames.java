package io.bzzz.tracker.local.names;

import java.util.Optional;

/**
 * The rules of {@code git check-ref-format --branch} for a name below {@code refs/heads/} or {@code
 * refs/tags/}, a little stricter than git (ASCII only, at most 255 characters). Every name that
 * comes from a request is checked here before JGit sees it: JGit maps a ref name to a file path, so
 * {@code ../../etc/shadow} would otherwise make it read a file outside the repository.
 */
public final class RefNames {
  static final int MAX_LENGTH = 255;

  private RefNames() {}

  public static boolean isValid(String name) {
    return problem(name).isEmpty();
  }

  /** Why {@code name} is not a valid ref name, or empty when it is. */
  public static Optional<String> problem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("is empty");
    }
    if (name.length() > MAX_LENGTH) {
      return Optional.of("is longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (ch < ' ' || ch >= 127) {
        return Optional.of("contains a control or non-ASCII character");
      }
      if (" ~^:?*[\\".indexOf(ch) >= 0) {
        return Optional.of("contains '" + ch + "'");
      }
    }
    if (name.equals("@")) {
      return Optional.of("is '@'");
    }
    if (name.startsWith("-")) {
      return Optional.of("starts with '-'");
    }
    if (name.startsWith("/") || name.endsWith("/")) {
      return Optional.of("starts or ends with '/'");
    }
    if (name.endsWith(".")) {
      return Optional.of("ends with '.'");
    }
    if (name.contains("..")) {
      return Optional.of("contains '..'");
    }
    if (name.contains("//")) {
      return Optional.of("contains '//'");
    }
    if (name.contains("@{")) {
      return Optional.of("contains '@{'");
    }
    for (String component : name.split("/")) {
      if (component.startsWith(".")) {
        return Optional.of("has a component starting with '.'");
      }
      if (component.endsWith(".lock")) {
        return Optional.of("has a component ending with '.lock'");
      }
    }
    return Optional.empty();
  }
}
