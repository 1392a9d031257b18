package io.bzzz.log.replication;

import io.bzzz.log.proof.BlockProof;
import io.bzzz.log.proof.UpgradeProof;
import io.bzzz.log.sign.KeyMode;

/** The messages of {@code /bzzz/log/1.0.0}; see {@link ReplicationCodec} for the bytes. */
public sealed interface Message {
  /** Client: "do you serve the log with this discovery key?" The key itself is never sent. */
  record Open(byte[] discoveryKey) implements Message {}

  /** Server: the log's signer, from which the client recomputes and checks the key. */
  record Opened(KeyMode mode, byte[] signerKey, byte[] namespace) implements Message {}

  /** Client: "prove your head to me; I trust your log up to {@code fromLength}". */
  record Sync(long fromLength) implements Message {}

  /** Server: the head and its proof. */
  record Upgrade(UpgradeProof proof) implements Message {}

  /** Server: nothing newer than {@code length} (or the client is ahead). */
  record UpToDate(long length) implements Message {}

  /** Client: blocks {@code [start, end)} proven against the tree at {@code length}. */
  record Request(long start, long end, long length) implements Message {}

  /** Server: one requested block with its proof. */
  record Block(BlockProof proof) implements Message {}

  /** Client: answer with an upgrade once the log grows past {@code length}, or after the wait. */
  record Wait(long length, long timeoutMillis) implements Message {}

  /** Either side: the reason it stops. */
  // Named after the protocol's ERROR message and always written Message.Error, so no clash.
  @SuppressWarnings("AvoidCommonTypeNames")
  record Error(String message) implements Message {}
}
