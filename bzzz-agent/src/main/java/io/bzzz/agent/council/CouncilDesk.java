package io.bzzz.agent.council;

/** What the HTTP API offers about councils: the directory, and starting one. */
public interface CouncilDesk extends CouncilDirectory {
  /**
   * Files {@code request} as a brief on its repository and starts forming its council.
   *
   * @return the council id (the brief's issue number)
   * @throws IllegalArgumentException when this agent does not watch that repository
   */
  int form(FormRequest request);
}
