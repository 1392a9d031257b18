package io.bzzz.log.replication;

import io.bzzz.log.SignedLog;
import io.bzzz.log.VerificationException;
import io.bzzz.log.proof.ForkException;
import io.bzzz.log.proof.ProofVerifier;
import io.bzzz.log.sign.KeyMode;
import io.bzzz.log.sign.LogIdentity;
import io.bzzz.log.sign.Manifest;
import io.bzzz.log.tree.Hashes;
import io.bzzz.p2p.crypto.PublicKey;
import io.bzzz.wire.MalformedInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a log over one replication stream into a replica: asks by discovery key, checks that the
 * peer's signer yields the requested key, verifies the upgrade and every block before committing,
 * and with {@code live} keeps following appends until the stream ends.
 */
public final class LogClient {
  private static final Logger log = LoggerFactory.getLogger(LogClient.class);

  /** Blocks per request, and requests in flight. */
  static final int REQUEST_BLOCKS = 512;

  static final int WINDOW = 4;

  private final byte[] key;
  private final Duration waitSlice;
  private final String peer;

  public LogClient(byte[] key, String peer, Duration waitSlice) {
    this.key = key.clone();
    this.peer = peer;
    this.waitSlice = waitSlice;
  }

  /**
   * Replicates into the log {@code replicaFor} returns for the peer's (checked) identity.
   *
   * @param onProgress called after each commit with the replica's new length
   */
  public ReplicationResult replicate(
      InputStream in,
      OutputStream out,
      Function<LogIdentity, SignedLog> replicaFor,
      boolean live,
      java.util.function.LongConsumer onProgress)
      throws IOException {
    FrameIO io = new FrameIO(in, out);
    io.send(new Message.Open(Hashes.discoveryKey(key)));
    LogIdentity identity =
        switch (io.readRequired("opened")) {
          case Message.Opened o -> identity(o);
          case Message.Error e -> throw new IOException("peer refused: " + e.message());
          case Message m ->
              throw new MalformedInputException(
                  "expected opened, got " + m.getClass().getSimpleName());
        };
    SignedLog replica = replicaFor.apply(identity);
    if (!replica.identity().hasKey(key)) {
      throw new VerificationException("local replica holds another log");
    }
    long start = replica.length();
    long blocks = 0;
    long bytes = 0;
    io.send(new Message.Sync(replica.length()));
    while (true) {
      Message reply;
      try {
        reply = io.readRequired("upgrade");
      } catch (java.io.EOFException e) {
        if (live) {
          break; // the peer went away; what we hold is verified and committed
        }
        throw e;
      }
      switch (reply) {
        case Message.Upgrade u -> {
          long before = replica.length();
          long beforeBytes = replica.byteLength();
          apply(io, replica, u);
          blocks += replica.length() - before;
          bytes += replica.byteLength() - beforeBytes;
          onProgress.accept(replica.length());
        }
        case Message.UpToDate ignored -> {
          // nothing newer
        }
        case Message.Error e -> throw new IOException("peer failed: " + e.message());
        case Message m ->
            throw new MalformedInputException("unexpected " + m.getClass().getSimpleName());
      }
      if (!live) {
        break;
      }
      io.send(new Message.Wait(replica.length(), waitSlice.toMillis()));
    }
    return new ReplicationResult(start, replica.length(), blocks, bytes);
  }

  private LogIdentity identity(Message.Opened o) {
    PublicKey signer = PublicKey.fromRaw(o.signerKey());
    LogIdentity id =
        o.mode() == KeyMode.COMPAT
            ? LogIdentity.of(KeyMode.COMPAT, signer)
            : LogIdentity.ofManifest(new Manifest(o.namespace(), signer));
    if (!id.hasKey(key)) {
      throw new VerificationException(
          "peer answered with another log (key " + HexFormat.of().formatHex(id.key()) + ")");
    }
    return id;
  }

  private void apply(FrameIO io, SignedLog replica, Message.Upgrade u) throws IOException {
    ProofVerifier verifier = new ProofVerifier(replica.identity());
    long trusted = replica.length();
    ProofVerifier.Upgrade up;
    try {
      up = verifier.verifyUpgrade(replica.roots(), trusted, u.proof());
    } catch (ForkException e) {
      var file = ForkEvidence.save(replica.dir(), key, replica.head(), u.proof().head(), peer);
      log.atError()
          .addKeyValue("peer", peer)
          .addKeyValue("length", trusted)
          .addKeyValue("evidence", file)
          .log("fork detected: two signed trees for one length");
      throw new ForkDetectedException(trusted, file);
    }
    long length = up.head().length();
    List<byte[]> values = new ArrayList<>((int) Math.min(length - trusted, 1 << 20));
    Deque<Message.Request> inFlight = new ArrayDeque<>();
    long next = trusted;
    while (next < length || !inFlight.isEmpty()) {
      while (next < length && inFlight.size() < WINDOW) {
        long end = Math.min(length, next + REQUEST_BLOCKS);
        Message.Request r = new Message.Request(next, end, length);
        io.write(r);
        inFlight.add(r);
        next = end;
      }
      io.flush();
      Message.Request r = inFlight.poll();
      ProofVerifier.RangeVerifier range =
          new ProofVerifier.RangeVerifier(up.roots(), length, r.start());
      for (long i = r.start(); i < r.end(); i++) {
        switch (io.readRequired("block " + i)) {
          case Message.Block b -> {
            range.verify(b.proof());
            values.add(b.proof().value());
          }
          case Message.Error e -> throw new IOException("peer failed: " + e.message());
          case Message m ->
              throw new MalformedInputException(
                  "expected block " + i + ", got " + m.getClass().getSimpleName());
        }
      }
    }
    replica.appendVerified(values, up.head());
    log.atDebug().addKeyValue("peer", peer).addKeyValue("length", length).log("replicated");
  }
}
