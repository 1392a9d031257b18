package io.bzzz.p2p;

/**
 * Serves inbound streams of one protocol. The host calls it on a fresh virtual thread per stream,
 * closes the stream when it returns and resets it when it throws.
 */
@FunctionalInterface
public interface StreamHandler {
  void handle(P2pStream stream) throws Exception;
}
