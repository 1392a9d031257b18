package io.bzzz.tracker.review;

/**
 * A comment on a line of a pull request's diff.
 *
 * @param reviewId the review it belongs to (0 when the forge does not say)
 * @param line the line in the file's new version, 0 when unknown (an outdated comment)
 * @param edited whether its text may have changed since it was posted
 */
public record ReviewComment(
    long id, long reviewId, String author, String body, String path, int line, boolean edited) {}
