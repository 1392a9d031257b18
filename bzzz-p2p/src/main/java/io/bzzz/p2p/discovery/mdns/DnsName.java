package io.bzzz.p2p.discovery.mdns;

import io.bzzz.wire.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A DNS name as its labels ({@code _p2p._udp.local} = [_p2p, _udp, local]). Comparison ignores
 * ASCII case, as DNS does. Limits of RFC 1035: labels of 1..63 bytes, at most 255 bytes encoded.
 */
public final class DnsName {
  public static final int MAX_LABEL = 63;
  public static final int MAX_ENCODED = 255;

  private final List<String> labels;

  private DnsName(List<String> labels) {
    this.labels = List.copyOf(labels);
    if (encodedLength() > MAX_ENCODED) {
      throw new MalformedInputException("DNS name longer than " + MAX_ENCODED + " bytes");
    }
  }

  public static DnsName of(List<String> labels) {
    for (String label : labels) {
      int size = label.getBytes(StandardCharsets.UTF_8).length;
      if (size == 0 || size > MAX_LABEL) {
        throw new MalformedInputException("DNS label must be 1.." + MAX_LABEL + " bytes: " + label);
      }
    }
    return new DnsName(labels);
  }

  /** Parses dotted text; a trailing dot is allowed. The root name is "" or ".". */
  public static DnsName parse(String dotted) {
    String text = dotted.endsWith(".") ? dotted.substring(0, dotted.length() - 1) : dotted;
    return text.isEmpty() ? of(List.of()) : of(List.of(text.split("\\.", -1)));
  }

  public List<String> labels() {
    return labels;
  }

  /** This name with {@code label} in front: {@code "abc"} + {@code _p2p._udp.local}. */
  public DnsName prepend(String label) {
    return of(
        java.util.stream.Stream.concat(java.util.stream.Stream.of(label), labels.stream())
            .toList());
  }

  public boolean endsWith(DnsName suffix) {
    int offset = labels.size() - suffix.labels.size();
    if (offset < 0) {
      return false;
    }
    for (int i = 0; i < suffix.labels.size(); i++) {
      if (!labels.get(offset + i).equalsIgnoreCase(suffix.labels.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** The wire size without compression: one length byte per label, the bytes, the root byte. */
  int encodedLength() {
    int size = 1;
    for (String label : labels) {
      size += 1 + label.getBytes(StandardCharsets.UTF_8).length;
    }
    return size;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DnsName n && n.labels.size() == labels.size() && endsWith(n);
  }

  @Override
  public int hashCode() {
    return labels.stream().map(l -> l.toLowerCase(Locale.ROOT)).toList().hashCode();
  }

  @Override
  public String toString() {
    return String.join(".", labels);
  }
}
