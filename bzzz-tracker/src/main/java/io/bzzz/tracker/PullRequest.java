package io.bzzz.tracker;

/** A pull request opened from a claim branch. */
public record PullRequest(
    int number, String head, String base, String title, boolean open, String url) {}
