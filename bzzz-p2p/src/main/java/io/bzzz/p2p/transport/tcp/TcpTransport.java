package io.bzzz.p2p.transport.tcp;

import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.multiformats.Protocol;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.function.Consumer;

/** TCP dialing and listening for ip4/ip6/dns + tcp multiaddrs, on blocking sockets. */
public final class TcpTransport {
  private TcpTransport() {}

  public static boolean canDial(Multiaddr address) {
    return address.has(Protocol.TCP) && address.toSocketAddress().isPresent();
  }

  /**
   * Connects within {@code timeout}. The caller owns the returned socket. Errors name the address
   * and say whether it was refused, timed out or unresolvable.
   */
  public static Socket dial(Multiaddr address, Duration timeout) throws IOException {
    InetSocketAddress target =
        address
            .withoutPeerId()
            .toSocketAddress()
            .orElseThrow(() -> new IOException("not a TCP address: " + address));
    if (target.isUnresolved()) {
      throw new UnknownHostException("cannot resolve " + target.getHostString() + " in " + address);
    }
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(target, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
      return socket;
    } catch (ConnectException e) {
      socket.close();
      throw new ConnectException("connection refused by " + address.withoutPeerId());
    } catch (SocketTimeoutException e) {
      socket.close();
      throw new SocketTimeoutException(
          "timed out after " + timeout.toMillis() + " ms connecting to " + address.withoutPeerId());
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Listens on {@code address} (port 0 picks a free port, reported by {@link
   * TcpListener#address()}) and hands every accepted socket to {@code onAccept}, which then owns
   * it.
   */
  public static TcpListener listen(Multiaddr address, Consumer<Socket> onAccept)
      throws IOException {
    return TcpListener.open(address, onAccept);
  }
}
