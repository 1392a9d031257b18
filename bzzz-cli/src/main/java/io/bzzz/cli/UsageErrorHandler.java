package io.bzzz.cli;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line that does not parse: one line on stderr, {@code bzzz <command>: <what>: <why>; see
 * 'bzzz <command> --help'}, and exit code 2. The full usage would bury the one thing wrong.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
  static final int USAGE = 2;

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    String command = cli.getCommandSpec().qualifiedName();
    cli.getErr().println(command + ": " + reason(e) + "; see '" + command + " --help'");
    cli.getErr().flush();
    return USAGE;
  }

  private static String reason(ParameterException e) {
    if (e instanceof UnmatchedArgumentException unmatched && isUnknownCommand(unmatched)) {
      String word = unmatched.getUnmatched().getFirst();
      return "unknown command '" + word + "'" + suggestion(unmatched);
    }
    String message = e.getMessage() == null ? "invalid command line" : e.getMessage();
    // picocli speaks Java: "'x' is not an int" means the value is not a whole number
    message =
        message.replaceAll("' is not an? (int|long|short|byte)\\b", "' is not a whole number");
    message = lowerFirst(message);
    if (e instanceof UnmatchedArgumentException unmatched) {
      message += suggestion(unmatched);
    }
    return message;
  }

  /**
   * A word where a subcommand was expected: {@code bzzz nope}, {@code bzzz task lst} (commands with
   * subcommands take no positional parameters, so any word there is a command name).
   */
  private static boolean isUnknownCommand(UnmatchedArgumentException e) {
    List<String> unmatched = e.getUnmatched();
    return !e.getCommandLine().getSubcommands().isEmpty()
        && !unmatched.isEmpty()
        && !unmatched.getFirst().startsWith("-");
  }

  private static String suggestion(UnmatchedArgumentException e) {
    List<String> suggestions = e.getSuggestions();
    return suggestions.isEmpty() ? "" : " (did you mean '" + suggestions.getFirst() + "'?)";
  }

  private static String lowerFirst(String s) {
    if (s.length() >= 2
        && Character.isUpperCase(s.charAt(0))
        && Character.isLowerCase(s.charAt(1))) {
      return s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }
    return s;
  }
}
