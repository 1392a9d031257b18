package io.bzzz.agent.coordination;

/**
 * One entry of {@code results_held} in an {@code availability_broadcast}: peer {@code nodeId} said
 * that the finished result of {@code task} waits on it for the tracker, and the sender heard it
 * within the longer hold ({@link PeerTable#RESULT_WAITING_INTERVALS} intervals). A peer that never
 * heard the owner (started or restarted after the owner fell silent) learns the hold from it.
 */
public record HeldResult(String nodeId, TaskRef task) {}
