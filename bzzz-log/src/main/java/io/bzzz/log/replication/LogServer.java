package io.bzzz.log.replication;

import io.bzzz.log.LogClosedException;
import io.bzzz.log.SignedLog;
import io.bzzz.log.proof.BlockProof;
import io.bzzz.log.proof.ProofBuilder;
import io.bzzz.log.sign.LogIdentity;
import io.bzzz.log.sign.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one replication stream: answers Open, Sync, Request and Wait until the client closes.
 * Serves only what the log holds, so a replica serves third peers exactly like the author.
 */
public final class LogServer {
  private static final Logger log = LoggerFactory.getLogger(LogServer.class);
  public static final int MAX_REQUEST_BLOCKS = 1024;
  public static final Duration MAX_WAIT = Duration.ofSeconds(30);

  private final LogRegistry registry;

  public LogServer(LogRegistry registry) {
    this.registry = registry;
  }

  public void serve(InputStream in, OutputStream out, String peer)
      throws IOException, InterruptedException {
    FrameIO io = new FrameIO(in, out);
    Optional<Message> first = io.read();
    if (first.isEmpty()) {
      return;
    }
    if (!(first.get() instanceof Message.Open open)) {
      io.send(new Message.Error("expected open"));
      return;
    }
    Optional<SignedLog> found = registry.find(open.discoveryKey());
    if (found.isEmpty()) {
      io.send(new Message.Error("log not found"));
      return;
    }
    SignedLog served = found.get();
    LogIdentity id = served.identity();
    io.send(
        new Message.Opened(
            id.mode(),
            id.signer().raw(),
            id.manifest().map(Manifest::namespace).orElse(new byte[32])));
    ProofBuilder proofs = new ProofBuilder(served);
    try {
      while (true) {
        Optional<Message> next = io.read();
        if (next.isEmpty()) {
          return;
        }
        switch (next.get()) {
          case Message.Sync sync -> {
            // The head is sent even at equal length, so the client compares signed trees and
            // detects a fork.
            long length = served.length();
            io.send(
                length == 0 || sync.fromLength() > length
                    ? new Message.UpToDate(length)
                    : new Message.Upgrade(proofs.upgrade(sync.fromLength())));
          }
          case Message.Request r -> {
            String problem = check(r, served);
            if (problem != null) {
              io.send(new Message.Error(problem));
              return;
            }
            for (BlockProof p : proofs.range(r.start(), r.end(), r.length())) {
              io.write(new Message.Block(p));
            }
            io.flush();
          }
          case Message.Wait w -> {
            Duration wait = Duration.ofMillis(Math.min(w.timeoutMillis(), MAX_WAIT.toMillis()));
            served.awaitLongerThan(w.length(), wait);
            io.send(upgradeOrUpToDate(served, proofs, w.length()));
          }
          default -> {
            io.send(new Message.Error("unexpected " + next.get().getClass().getSimpleName()));
            return;
          }
        }
      }
    } catch (LogClosedException e) {
      io.send(new Message.Error("log closed"));
    }
    log.atDebug().addKeyValue("peer", peer).log("replication stream done");
  }

  private static Message upgradeOrUpToDate(SignedLog served, ProofBuilder proofs, long from) {
    long length = served.length();
    if (from >= length) {
      return new Message.UpToDate(length);
    }
    return new Message.Upgrade(proofs.upgrade(from));
  }

  private static String check(Message.Request r, SignedLog served) {
    if (r.length() > served.length() || r.end() > r.length() || r.start() >= r.end()) {
      return "bad request " + r.start() + ".." + r.end() + " at length " + r.length();
    }
    if (r.end() - r.start() > MAX_REQUEST_BLOCKS) {
      return "request for more than " + MAX_REQUEST_BLOCKS + " blocks";
    }
    return null;
  }
}
