package io.bzzz.agent.task;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;

/**
 * Shared polling: of the live agents watching a repository, one polls the tracker and the others
 * hear the results on the mesh, so API use stays flat as agents are added. The poller is chosen by
 * rendezvous hashing: the peer with the highest {@code SHA-256(peer id, repository)}. Every agent
 * computes the same answer from the same peer table; when the poller goes quiet it drops out of the
 * live set and the next-highest takes over with no hand-off. Two agents whose views differ for a
 * moment may both poll; that costs a request, never correctness (claims are race-safe).
 */
public final class PollRota {
  private PollRota() {}

  /** The peer (from {@code peers}, which includes this agent) that polls {@code repository}. */
  public static String poller(String repository, Collection<String> peers) {
    return peers.stream()
        .max(
            Comparator.comparing((String p) -> score(p, repository), Arrays::compareUnsigned)
                .thenComparing(Comparator.naturalOrder()))
        .orElseThrow(() -> new IllegalArgumentException("no peers"));
  }

  /**
   * Every peer of {@code peers}, highest rendezvous score for {@code key} first: the order in which
   * agents look at a hinted task (see {@code io.bzzz.agent.pickup.RankedPickup}).
   */
  public static java.util.List<String> ranked(String key, Collection<String> peers) {
    return peers.stream()
        .distinct()
        .sorted(
            Comparator.comparing((String p) -> score(p, key), Arrays::compareUnsigned)
                .thenComparing(Comparator.naturalOrder())
                .reversed())
        .toList();
  }

  public static boolean shouldPoll(String self, String repository, Collection<String> livePeers) {
    java.util.Set<String> all = new java.util.HashSet<>(livePeers);
    all.add(self);
    return poller(repository, all).equals(self);
  }

  private static byte[] score(String peer, String repository) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(peer.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(repository.getBytes(StandardCharsets.UTF_8));
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JDK", e);
    }
  }
}
