package io.bzzz.p2p;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Addresses, protocols, agent version and last-seen time of known peers. Thread-safe. */
public interface PeerStore {
  Optional<PeerInfo> get(PeerId peer);

  Collection<PeerInfo> all();

  /** Adds addresses learnt from discovery (mDNS, kad, bootstrap, PX). */
  void addAddresses(PeerId peer, List<Multiaddr> addresses);

  void remove(PeerId peer);
}
