package io.bzzz.p2p.security.noise;

import java.io.IOException;

/** A Noise handshake or transport frame failed: bad signature, bad tag, bad size. */
public final class NoiseException extends IOException {
  public NoiseException(String message) {
    super(message);
  }

  public NoiseException(String message, Throwable cause) {
    super(message, cause);
  }
}
