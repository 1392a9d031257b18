package io.bzzz.agent.coordination;

/**
 * A task as named on the mesh: {@code {"tracker","repository","number"}}.
 *
 * @param tracker {@code github}, {@code gitea} or {@code local}
 * @param repository {@code owner/name}
 */
public record TaskRef(String tracker, String repository, long number) {
  @Override
  public String toString() {
    return repository + "#" + number;
  }
}
