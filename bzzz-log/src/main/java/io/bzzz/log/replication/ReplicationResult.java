package io.bzzz.log.replication;

/**
 * What one replication run did: the replica's length before and after, blocks and bytes fetched.
 */
public record ReplicationResult(long fromLength, long toLength, long blocks, long bytes) {}
