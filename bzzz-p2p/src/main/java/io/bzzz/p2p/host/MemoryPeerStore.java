package io.bzzz.p2p.host;

import io.bzzz.p2p.PeerInfo;
import io.bzzz.p2p.PeerStore;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The host's in-memory peer store; entries are immutable {@link PeerInfo} values, replaced. */
final class MemoryPeerStore implements PeerStore {
  /** Addresses kept per peer; discovery sources can otherwise grow the list without bound. */
  static final int MAX_ADDRESSES = 32;

  private final ConcurrentHashMap<PeerId, PeerInfo> peers = new ConcurrentHashMap<>();
  private final InstantSource clock;

  MemoryPeerStore(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public Optional<PeerInfo> get(PeerId peer) {
    return Optional.ofNullable(peers.get(peer));
  }

  @Override
  public Collection<PeerInfo> all() {
    return List.copyOf(peers.values());
  }

  @Override
  public void addAddresses(PeerId peer, List<Multiaddr> addresses) {
    peers.compute(
        peer,
        (id, old) -> {
          PeerInfo base = old == null ? blank(id) : old;
          Set<Multiaddr> merged = new LinkedHashSet<>(base.addresses());
          addresses.stream().map(Multiaddr::withoutPeerId).forEach(merged::add);
          return new PeerInfo(
              id, bounded(merged), base.protocols(), base.agentVersion(), base.lastSeen());
        });
  }

  @Override
  public void remove(PeerId peer) {
    peers.remove(peer);
  }

  /** Records what identify told us; empty lists leave the known values unchanged. */
  PeerInfo recordIdentify(
      PeerId peer, List<Multiaddr> addresses, List<String> protocols, Optional<String> agent) {
    return peers.compute(
        peer,
        (id, old) -> {
          PeerInfo base = old == null ? blank(id) : old;
          List<Multiaddr> addrs =
              addresses.isEmpty()
                  ? base.addresses()
                  : bounded(
                      new LinkedHashSet<>(
                          addresses.stream().map(Multiaddr::withoutPeerId).toList()));
          Set<String> protos = protocols.isEmpty() ? base.protocols() : Set.copyOf(protocols);
          return new PeerInfo(id, addrs, protos, agent.or(base::agentVersion), clock.instant());
        });
  }

  /** Marks the peer as seen now (a connection opened or closed). */
  void touch(PeerId peer) {
    peers.compute(
        peer,
        (id, old) -> {
          PeerInfo base = old == null ? blank(id) : old;
          return new PeerInfo(
              id, base.addresses(), base.protocols(), base.agentVersion(), clock.instant());
        });
  }

  private PeerInfo blank(PeerId id) {
    return new PeerInfo(id, List.of(), Set.of(), Optional.empty(), clock.instant());
  }

  private static List<Multiaddr> bounded(Set<Multiaddr> addresses) {
    List<Multiaddr> list = new ArrayList<>(addresses);
    return list.size() <= MAX_ADDRESSES
        ? list
        : list.subList(list.size() - MAX_ADDRESSES, list.size());
  }
}
