package io.bzzz.p2p.protocol.identify;

import io.bzzz.p2p.crypto.PublicKey;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.util.List;
import java.util.Optional;

/**
 * An identify message ({@code /ipfs/id/1.0.0}). Every field is optional on the wire; a push carries
 * only what changed, so an empty list means "unchanged" when merging.
 */
public record IdentifyMessage(
    Optional<PublicKey> publicKey,
    List<Multiaddr> listenAddresses,
    List<String> protocols,
    Optional<Multiaddr> observedAddress,
    Optional<String> protocolVersion,
    Optional<String> agentVersion) {

  public IdentifyMessage {
    listenAddresses = List.copyOf(listenAddresses);
    protocols = List.copyOf(protocols);
  }

  public static IdentifyMessage empty() {
    return new IdentifyMessage(
        Optional.empty(),
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** {@code later} fields win where present (go splits one identify into several messages). */
  public IdentifyMessage merge(IdentifyMessage later) {
    return new IdentifyMessage(
        later.publicKey.or(() -> publicKey),
        later.listenAddresses.isEmpty() ? listenAddresses : later.listenAddresses,
        later.protocols.isEmpty() ? protocols : later.protocols,
        later.observedAddress.or(() -> observedAddress),
        later.protocolVersion.or(() -> protocolVersion),
        later.agentVersion.or(() -> agentVersion));
  }
}
