package io.bzzz.log;

/**
 * How a log writes.
 *
 * @param durable force blocks, nodes and then the head to disk before an append returns (the
 *     default). Without it appends return once the bytes are in the OS page cache: a process crash
 *     loses nothing, a power loss may lose the latest appends (never corrupts older ones).
 */
public record LogOptions(boolean durable) {
  public static final LogOptions DEFAULT = new LogOptions(true);
  public static final LogOptions NO_FSYNC = new LogOptions(false);
}
