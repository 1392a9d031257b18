package io.bzzz.tracker.review;

/** A line comment to submit with a review: the file, the line in its new version, the text. */
public record NewReviewComment(String path, int line, String body) {}
