package io.bzzz.tracker;

/**
 * The caller's answer to "is the holder of this claim gone?": the agent asks the mesh (lease and a
 * majority of known peers, DESIGN §5); the tracker only acts on the answer.
 */
@FunctionalInterface
public interface OwnerLiveness {
  boolean isGone(Claim claim);
}
