package io.bzzz.p2p.pubsub.wire;

import io.bzzz.wire.MalformedInputException;

/** A pubsub RPC that does not decode or breaks a limit; the sender is at fault. */
public final class MalformedRpcException extends MalformedInputException {
  public MalformedRpcException(String message) {
    super(message);
  }

  public MalformedRpcException(String message, Throwable cause) {
    super(message, cause);
  }
}
