package io.bzzz.tracker.local.store;

/** A repository label; {@code color} is six hex digits without '#'. */
public record Label(
    long id, long repoId, String name, String color, String description, boolean exclusive) {}
