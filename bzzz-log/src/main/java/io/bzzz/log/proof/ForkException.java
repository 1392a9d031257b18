package io.bzzz.log.proof;

import io.bzzz.log.VerificationException;

/** The signer signed two different trees for the same length: the log forked. */
public final class ForkException extends VerificationException {
  private final long length;

  public ForkException(long length) {
    super("fork: the signer signed two different trees of length " + length);
    this.length = length;
  }

  public long length() {
    return length;
  }
}
