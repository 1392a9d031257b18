package io.bzzz.p2p.discovery.mdns;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP socket of one address family bound to the mDNS port and joined to the group on a set of
 * interfaces. Sending goes out on every joined interface in turn (the outgoing interface is a
 * socket option, hence the lock). Owns its channel.
 */
final class MulticastEndpoint implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(MulticastEndpoint.class);
  static final String IPV4_GROUP = "224.0.0.251";
  static final String IPV6_GROUP = "ff02::fb";

  private final DatagramChannel channel;
  private final InetSocketAddress group;
  private final List<NetworkInterface> interfaces;
  private final ReentrantLock sendLock = new ReentrantLock();

  private MulticastEndpoint(
      DatagramChannel channel, InetSocketAddress group, List<NetworkInterface> interfaces) {
    this.channel = channel;
    this.group = group;
    this.interfaces = List.copyOf(interfaces);
  }

  /**
   * Opens the socket and joins the group on each of {@code candidates} that has an address of the
   * family. Empty when none could be joined.
   */
  static Optional<MulticastEndpoint> open(
      StandardProtocolFamily family, int port, List<NetworkInterface> candidates)
      throws IOException {
    boolean v4 = family == StandardProtocolFamily.INET;
    List<NetworkInterface> usable =
        candidates.stream()
            .filter(v4 ? MulticastInterfaces::hasIpv4 : MulticastInterfaces::hasIpv6)
            .toList();
    if (usable.isEmpty()) {
      return Optional.empty();
    }
    InetAddress groupAddress = InetAddress.getByName(v4 ? IPV4_GROUP : IPV6_GROUP);
    DatagramChannel channel = DatagramChannel.open((ProtocolFamily) family);
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(new InetSocketAddress(port));
      channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
      channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 255); // RFC 6762 §11
      List<NetworkInterface> joined = new ArrayList<>();
      for (NetworkInterface nif : usable) {
        try {
          channel.join(groupAddress, nif);
          joined.add(nif);
        } catch (IOException e) {
          log.atWarn()
              .addKeyValue("interface", nif.getName())
              .addKeyValue("group", groupAddress.getHostAddress())
              .addKeyValue("error", e.getMessage())
              .log("cannot join mDNS group");
        }
      }
      if (joined.isEmpty()) {
        channel.close();
        return Optional.empty();
      }
      return Optional.of(
          new MulticastEndpoint(channel, new InetSocketAddress(groupAddress, port), joined));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  List<NetworkInterface> interfaces() {
    return interfaces;
  }

  /** Multicasts {@code message} on every joined interface; a failing interface is logged. */
  void send(byte[] message) {
    sendLock.lock();
    try {
      for (NetworkInterface nif : interfaces) {
        try {
          channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
          channel.send(ByteBuffer.wrap(message), group);
        } catch (IOException e) {
          if (!channel.isOpen()) {
            return;
          }
          log.atDebug()
              .addKeyValue("interface", nif.getName())
              .addKeyValue("error", e.getMessage())
              .log("mDNS send failed");
        }
      }
    } finally {
      sendLock.unlock();
    }
  }

  /** Blocks for the next datagram; returns its sender. Throws once closed. */
  SocketAddress receive(ByteBuffer buffer) throws IOException {
    return channel.receive(buffer);
  }

  boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
