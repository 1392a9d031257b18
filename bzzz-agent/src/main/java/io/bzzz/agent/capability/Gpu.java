package io.bzzz.agent.capability;

/** A GPU as {@code nvidia-smi} reports it. */
public record Gpu(String name, long memoryMib) {}
