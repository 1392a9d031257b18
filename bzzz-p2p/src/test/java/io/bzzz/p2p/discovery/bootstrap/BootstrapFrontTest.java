package io.bzzz.p2p.discovery.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.Connection;
import io.bzzz.p2p.ConnectionListener;
import io.bzzz.p2p.discovery.Backoff;
import io.bzzz.p2p.host.BasicHost;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.node.TestHosts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A bootstrap address in front of several replicas (Docker Swarm's service VIP, a TCP load
 * balancer) hands each connection to one of them. Real hosts on loopback behind a real round-robin
 * TCP forwarder: the manager sees that the peer it reached does not list the address, dials it
 * again, and so reaches every replica, with no disconnection on the way.
 */
class BootstrapFrontTest {
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  @Test
  void aLoadBalancedAddressIsDialedAgainUntilEveryReplicaBehindItIsReached() throws Exception {
    List<BasicHost> replicas = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      replicas.add(open(TestHosts.loopback()));
    }
    RoundRobinForwarder front = open(new RoundRobinForwarder(replicas));
    BasicHost a = open(TestHosts.loopback());
    List<Connection> dropped = new CopyOnWriteArrayList<>();
    a.addConnectionListener(
        new ConnectionListener() {
          @Override
          public void disconnected(Connection connection) {
            dropped.add(connection);
          }
        });
    BootstrapManager manager =
        open(
            BootstrapManager.start(
                a,
                new BootstrapConfig(
                    List.of(front.address()), 32, 128, Backoff.defaults(), Duration.ofMillis(50)),
                InstantSource.system(),
                new Random(7)));

    Set<String> expected =
        replicas.stream().map(h -> h.peerId().toString()).collect(Collectors.toSet());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        a.connections().stream()
                            .map(c -> c.remotePeer().toString())
                            .collect(Collectors.toSet()))
                    .as("replicas reached through %s", front.address())
                    .containsAll(expected));
    assertThat(front.accepted.get()).isGreaterThanOrEqualTo(3);
    assertThat(dropped).as("disconnections while probing").isEmpty();
    assertThat(manager.addresses()).containsExactly(front.address());
  }

  @Test
  void anAddressThePeerListsIsNotDialedAgainWhileConnected() throws Exception {
    BasicHost b = open(TestHosts.loopback());
    RoundRobinForwarder direct = open(new RoundRobinForwarder(List.of(b)));
    BasicHost a = open(TestHosts.loopback());
    Multiaddr listed = b.listenAddresses().get(0);
    open(
        BootstrapManager.start(
            a,
            new BootstrapConfig(
                List.of(listed), 32, 128, Backoff.defaults(), Duration.ofMillis(50)),
            InstantSource.system(),
            new Random(7)));
    await().atMost(Duration.ofSeconds(20)).until(() -> a.connection(b.peerId()).isPresent());
    Multiaddr first = a.connection(b.peerId()).orElseThrow().localAddress();
    // Several check intervals later the same connection is still the only one.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> a.connection(b.peerId()).orElseThrow().localAddress().equals(first));
    assertThat(direct.accepted.get()).as("the forwarder is not used here").isZero();
  }

  private <T extends AutoCloseable> T open(T resource) {
    closing.add(resource);
    return resource;
  }

  /** Accepts on 127.0.0.1 and pipes each connection to the next replica in turn. */
  private static final class RoundRobinForwarder implements AutoCloseable {
    private final ServerSocket server;
    private final List<InetSocketAddress> backends;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    RoundRobinForwarder(List<BasicHost> replicas) throws IOException {
      backends =
          replicas.stream()
              .map(
                  h -> {
                    String[] parts = h.listenAddresses().get(0).toString().split("/");
                    return new InetSocketAddress(parts[2], Integer.parseInt(parts[4]));
                  })
              .toList();
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor = Thread.ofVirtual().name("forwarder").start(this::acceptLoop);
    }

    Multiaddr address() {
      return Multiaddr.parse("/ip4/127.0.0.1/tcp/" + server.getLocalPort());
    }

    private void acceptLoop() {
      while (!server.isClosed()) {
        try {
          Socket in = server.accept();
          accepted.incrementAndGet();
          InetSocketAddress target =
              backends.get(Math.floorMod(next.getAndIncrement(), backends.size()));
          Socket out = new Socket(target.getAddress(), target.getPort());
          sockets.add(in);
          sockets.add(out);
          Thread.ofVirtual().start(() -> pipe(in, out));
          Thread.ofVirtual().start(() -> pipe(out, in));
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    private static void pipe(Socket from, Socket to) {
      try (InputStream in = from.getInputStream();
          OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // one side closed: close both below
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }

    private static void closeQuietly(Socket socket) {
      try {
        socket.close();
      } catch (IOException e) {
        // already closed
      }
    }

    @Override
    public void close() throws Exception {
      server.close();
      sockets.forEach(RoundRobinForwarder::closeQuietly);
      acceptor.join(Duration.ofSeconds(5));
    }
  }
}
