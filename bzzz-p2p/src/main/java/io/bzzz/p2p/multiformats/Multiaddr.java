package io.bzzz.p2p.multiformats;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.wire.MalformedInputException;
import io.bzzz.wire.Varint;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A multiaddr: a list of (protocol, value) components with a text form ({@code
 * /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...}) and a binary form ({@code varint(code) || value}).
 * Parsing is strict: unknown protocols, bad values and trailing garbage are errors.
 */
public final class Multiaddr {
  public static final int MAX_BYTES = 1024;
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  /** One component; {@code value} is the binary value (for p2p: the peer id multihash). */
  public record Component(Protocol protocol, byte[] value) {
    public Component {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    public String valueText() {
      return switch (protocol) {
        case IP4, IP6 -> ipText(value);
        case TCP, UDP -> Integer.toString(((value[0] & 0xff) << 8) | (value[1] & 0xff));
        case DNS, DNS4, DNS6, DNSADDR -> new String(value, StandardCharsets.UTF_8);
        case P2P -> PeerId.fromBytes(value).toBase58();
      };
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Component c && c.protocol == protocol && Arrays.equals(c.value, value);
    }

    @Override
    public int hashCode() {
      return protocol.hashCode() * 31 + Arrays.hashCode(value);
    }
  }

  private final List<Component> components;
  private final byte[] bytes;

  private Multiaddr(List<Component> components) {
    this.components = List.copyOf(components);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Component c : components) {
      out.writeBytes(Varint.encode(c.protocol().code()));
      if (c.protocol().size() == Protocol.LENGTH_PREFIXED) {
        out.writeBytes(Varint.encode(c.value.length));
      }
      out.writeBytes(c.value);
    }
    this.bytes = out.toByteArray();
  }

  public static Multiaddr of(List<Component> components) {
    if (components.isEmpty()) {
      throw new MalformedInputException("empty multiaddr");
    }
    Multiaddr addr = new Multiaddr(components);
    if (addr.bytes.length > MAX_BYTES) { // the text form has no other bound
      throw new MalformedInputException("multiaddr longer than " + MAX_BYTES + " bytes");
    }
    return addr;
  }

  public static Multiaddr parse(String text) {
    if (text == null || !text.startsWith("/")) {
      throw new MalformedInputException("multiaddr must start with '/': " + text);
    }
    String[] parts = text.substring(1).split("/", -1);
    List<Component> out = new ArrayList<>();
    int i = 0;
    while (i < parts.length) {
      String name = parts[i++];
      if (name.isEmpty() && i == parts.length && !out.isEmpty()) {
        break; // one trailing slash
      }
      Protocol p =
          Protocol.byName(name)
              .orElseThrow(
                  () ->
                      new MalformedInputException(
                          "unknown multiaddr protocol '" + name + "' in " + text));
      if (i >= parts.length) {
        throw new MalformedInputException(
            "multiaddr protocol /" + name + " needs a value: " + text);
      }
      out.add(new Component(p, valueFromText(p, parts[i++], text)));
    }
    return of(out);
  }

  public static Multiaddr fromBytes(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new MalformedInputException("multiaddr longer than " + MAX_BYTES + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    List<Component> out = new ArrayList<>();
    while (in.hasRemaining()) {
      long code = Varint.read(in);
      Protocol p =
          Protocol.byCode(code)
              .orElseThrow(
                  () -> new MalformedInputException("unknown multiaddr protocol code " + code));
      int size =
          p.size() == Protocol.LENGTH_PREFIXED
              ? (int) Math.min(Varint.read(in), MAX_BYTES)
              : p.size();
      if (size > in.remaining()) {
        throw new MalformedInputException("multiaddr /" + p.text() + " value truncated");
      }
      byte[] value = new byte[size];
      in.get(value);
      validate(p, value);
      out.add(new Component(p, value));
    }
    return of(out);
  }

  /** An ip4/ip6 + tcp multiaddr for a socket address. */
  public static Multiaddr tcp(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    Protocol p = ip.getAddress().length == 4 ? Protocol.IP4 : Protocol.IP6;
    int port = address.getPort();
    return of(
        List.of(
            new Component(p, ip.getAddress()),
            new Component(Protocol.TCP, new byte[] {(byte) (port >> 8), (byte) port})));
  }

  public List<Component> components() {
    return components;
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public Optional<String> valueOf(Protocol p) {
    return components.stream().filter(c -> c.protocol() == p).findFirst().map(Component::valueText);
  }

  public boolean has(Protocol p) {
    return components.stream().anyMatch(c -> c.protocol() == p);
  }

  /** The peer id of a trailing {@code /p2p/} component. */
  public Optional<PeerId> peerId() {
    Component last = components.get(components.size() - 1);
    return last.protocol() == Protocol.P2P
        ? Optional.of(PeerId.fromBytes(last.value))
        : Optional.empty();
  }

  /** This address without a trailing {@code /p2p/} component. */
  public Multiaddr withoutPeerId() {
    return peerId().isPresent() && components.size() > 1
        ? of(components.subList(0, components.size() - 1))
        : this;
  }

  public Multiaddr withPeerId(PeerId peer) {
    List<Component> out = new ArrayList<>(withoutPeerId().components);
    out.add(new Component(Protocol.P2P, peer.bytes()));
    return of(out);
  }

  /** The IP of a leading {@code /ip4/} or {@code /ip6/} component; empty for names and others. */
  public Optional<InetAddress> ip() {
    Component first = components.get(0);
    if (first.protocol() != Protocol.IP4 && first.protocol() != Protocol.IP6) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(first.value));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** The TCP socket address of an ip4/ip6 + tcp multiaddr (DNS names are resolved). */
  public Optional<InetSocketAddress> toSocketAddress() {
    if (components.size() < 2 || components.get(1).protocol() != Protocol.TCP) {
      return Optional.empty();
    }
    Component host = components.get(0);
    int port = Integer.parseInt(components.get(1).valueText());
    return switch (host.protocol()) {
      case IP4, IP6 -> Optional.of(new InetSocketAddress(ipAddress(host.value), port));
      case DNS, DNS4, DNS6 -> Optional.of(new InetSocketAddress(host.valueText(), port));
      default -> Optional.empty();
    };
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Component c : components) {
      sb.append('/').append(c.protocol().text()).append('/').append(c.valueText());
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Multiaddr m && Arrays.equals(bytes, m.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  private static byte[] valueFromText(Protocol p, String value, String whole) {
    try {
      byte[] bytes =
          switch (p) {
            case IP4 -> {
              if (!IPV4.matcher(value).matches()) {
                throw new MalformedInputException("invalid ip4 address '" + value + "'");
              }
              yield InetAddress.getByName(value).getAddress();
            }
            case IP6 -> {
              if (!value.contains(":") || !value.matches("[0-9a-fA-F:.]+")) {
                throw new MalformedInputException("invalid ip6 address '" + value + "'");
              }
              byte[] raw = InetAddress.getByName(value).getAddress();
              yield raw.length == 16 ? raw : mapped(raw);
            }
            case TCP, UDP -> {
              if (!value.matches("\\d{1,5}") || Integer.parseInt(value) > 65535) {
                throw new MalformedInputException("invalid port '" + value + "'");
              }
              int port = Integer.parseInt(value);
              yield new byte[] {(byte) (port >> 8), (byte) port};
            }
            case DNS, DNS4, DNS6, DNSADDR -> value.getBytes(StandardCharsets.UTF_8);
            case P2P -> PeerId.parse(value).bytes();
          };
      validate(p, bytes);
      return bytes;
    } catch (UnknownHostException e) {
      throw new MalformedInputException("invalid address '" + value + "' in " + whole, e);
    } catch (MalformedInputException e) {
      throw new MalformedInputException(e.getMessage() + " in " + whole, e);
    }
  }

  private static void validate(Protocol p, byte[] value) {
    switch (p) {
      case DNS, DNS4, DNS6, DNSADDR -> {
        String name = new String(value, StandardCharsets.UTF_8);
        if (name.isEmpty()
            || name.length() > 253
            || name.contains("/")
            || !Arrays.equals(name.getBytes(StandardCharsets.UTF_8), value)) {
          throw new MalformedInputException("invalid DNS name '" + name + "'");
        }
      }
      case P2P -> PeerId.fromBytes(value);
      default -> {
        if (value.length != p.size()) {
          throw new MalformedInputException(
              "/" + p.text() + " value must be " + p.size() + " bytes");
        }
      }
    }
  }

  private static byte[] mapped(byte[] ipv4) {
    byte[] out = new byte[16];
    out[10] = (byte) 0xff;
    out[11] = (byte) 0xff;
    System.arraycopy(ipv4, 0, out, 12, 4);
    return out;
  }

  private static InetAddress ipAddress(byte[] raw) {
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new MalformedInputException("invalid IP address bytes", e);
    }
  }

  private static String ipText(byte[] raw) {
    InetAddress ip = ipAddress(raw);
    if (raw.length == 4) {
      return ip.getHostAddress();
    }
    return compressIpv6(raw);
  }

  /** RFC 5952 canonical text: lower case, longest zero run compressed. */
  private static String compressIpv6(byte[] raw) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((raw[2 * i] & 0xff) << 8) | (raw[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }
}
