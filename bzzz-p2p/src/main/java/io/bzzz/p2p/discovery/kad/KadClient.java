package io.bzzz.p2p.discovery.kad;

import io.bzzz.p2p.Host;
import io.bzzz.p2p.P2pStream;
import io.bzzz.p2p.crypto.PeerId;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The requesting side: one FIND_NODE per stream, bounded by a deadline. Streams have no read
 * timeout, so a watchdog virtual thread resets the stream when the deadline passes.
 */
final class KadClient implements KadLookup.Querier {
  private final Host host;
  private final String protocol;
  private final Duration timeout;

  KadClient(Host host, String protocol, Duration timeout) {
    this.host = host;
    this.protocol = protocol;
    this.timeout = timeout;
  }

  @Override
  public List<KadPeer> findNode(PeerId peer, byte[] key) throws IOException {
    AtomicReference<P2pStream> open = new AtomicReference<>();
    Thread watchdog =
        Thread.ofVirtual()
            .name("kad-query-deadline")
            .start(
                () -> {
                  try {
                    Thread.sleep(timeout);
                    P2pStream stream = open.get();
                    if (stream != null) {
                      stream.reset();
                    }
                  } catch (InterruptedException e) {
                    // the query finished first
                  }
                });
    try (P2pStream stream = host.newStream(peer, List.of(protocol))) {
      open.set(stream);
      // No half-close before the reply: js ends its read loop on our FIN by resetting the
      // stream, which can overtake the reply. Closing after the reply is what go and js do.
      KadCodec.write(KadMessage.findNode(key), stream.out());
      KadMessage reply =
          KadCodec.read(stream.in())
              .orElseThrow(() -> new IOException("kad peer closed the stream without a reply"));
      if (reply.type() != KadMessage.Type.FIND_NODE) {
        throw new IOException("kad peer answered FIND_NODE with " + reply.type());
      }
      return reply.closerPeers();
    } finally {
      watchdog.interrupt();
    }
  }
}
