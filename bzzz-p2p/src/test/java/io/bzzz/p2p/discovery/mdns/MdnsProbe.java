package io.bzzz.p2p.discovery.mdns;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A child-process mDNS peer for the namespace test: announces {@code /ip4/<arg0>/tcp/4001}, prints
 * "id &lt;peer&gt;" once started and "found &lt;peer&gt;" the first time it sees each other peer;
 * runs until stdin closes.
 */
public final class MdnsProbe {
  private MdnsProbe() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PeerId self = PrivateKey.generate().peerId();
    List<Multiaddr> addresses = List.of(Multiaddr.parse("/ip4/" + args[0] + "/tcp/4001"));
    Set<PeerId> seen = ConcurrentHashMap.newKeySet();
    try (MdnsService mdns =
        MdnsService.start(
            MdnsConfig.defaults(PeerNames.random(new Random())),
            self,
            () -> addresses,
            p -> {
              if (seen.add(p.peer())) {
                out.println("found " + p.peer() + " " + p.addresses());
              }
            },
            InstantSource.system())) {
      out.println("id " + self);
      while (System.in.read() >= 0) {
        // run until the parent closes stdin or kills us
      }
    }
  }
}
