package io.bzzz.p2p.discovery.kad;

import io.bzzz.p2p.Host;
import io.bzzz.p2p.P2pStream;
import io.bzzz.p2p.PeerInfo;
import io.bzzz.p2p.StreamHandler;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.discovery.RoutableAddresses;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving side (server mode): answers FIND_NODE with the k closest peers we know and their
 * routable addresses, echoes PING, and resets the stream for the types Bzzz does not serve (values
 * and providers), as go does for a type without a handler. A stream may carry several requests.
 */
final class KadServer implements StreamHandler {
  private static final Logger log = LoggerFactory.getLogger(KadServer.class);

  private final Host host;
  private final RoutingTable table;
  private final String protocol;

  KadServer(Host host, RoutingTable table, String protocol) {
    this.host = host;
    this.table = table;
    this.protocol = protocol;
  }

  @Override
  public void handle(P2pStream stream) throws IOException {
    PeerId requester = stream.remotePeer();
    if (host.peerStore().get(requester).map(info -> info.supports(protocol)).orElse(false)) {
      table.add(requester);
    }
    while (true) {
      Optional<KadMessage> request = KadCodec.read(stream.in());
      if (request.isEmpty()) {
        return;
      }
      KadMessage reply =
          switch (request.get().type()) {
            case FIND_NODE -> findNode(requester, request.get().key());
            case PING -> KadMessage.ping();
            case PUT_VALUE, GET_VALUE, ADD_PROVIDER, GET_PROVIDERS -> {
              log.atDebug()
                  .addKeyValue("peer", requester)
                  .addKeyValue("type", request.get().type())
                  .log("kad request type not served");
              throw new IOException("kad message type not served: " + request.get().type());
            }
          };
      KadCodec.write(reply, stream.out());
    }
  }

  private KadMessage findNode(PeerId requester, byte[] key) {
    boolean loopback =
        host.connection(requester)
            .map(c -> RoutableAddresses.isLoopback(c.remoteAddress()))
            .orElse(false);
    List<KadPeer> closer =
        table.closest(KadKey.of(key), table.k() + 1).stream()
            .filter(p -> !p.equals(requester))
            .limit(table.k())
            .map(p -> describe(p, loopback))
            .filter(p -> !p.addresses().isEmpty())
            .toList();
    return new KadMessage(KadMessage.Type.FIND_NODE, key, closer);
  }

  private KadPeer describe(PeerId peer, boolean requesterOnLoopback) {
    List<Multiaddr> known = host.peerStore().get(peer).map(PeerInfo::addresses).orElse(List.of());
    return new KadPeer(
        peer,
        RoutableAddresses.forPeer(known, requesterOnLoopback),
        host.connection(peer).isPresent()
            ? KadPeer.Connectedness.CONNECTED
            : KadPeer.Connectedness.NOT_CONNECTED);
  }
}
