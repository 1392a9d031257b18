package io.bzzz.tracker;

/** A comment on an issue. */
public record Comment(long id, String author, String body) {}
