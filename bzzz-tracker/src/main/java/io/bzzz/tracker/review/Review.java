package io.bzzz.tracker.review;

/** A submitted review of a pull request: who, the verdict, and its summary text. */
public record Review(long id, String author, ReviewState state, String body) {}
