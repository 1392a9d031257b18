package io.bzzz.tracker;

/**
 * A comment on an issue.
 *
 * @param edited whether its text may have changed since it was posted: the tracker names an editor
 *     or its update time differs from its creation time (or either is missing)
 */
public record Comment(long id, String author, String body, boolean edited) {}
