package io.bzzz.p2p.discovery.mdns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The data of a resource record; its type number follows from the variant. */
public sealed interface DnsRecordData {
  int type();

  /** PTR: service name -> instance name. */
  record Ptr(DnsName target) implements DnsRecordData {
    @Override
    public int type() {
      return DnsType.PTR;
    }
  }

  /** SRV: instance -> host name and port. */
  record Srv(int priority, int weight, int port, DnsName target) implements DnsRecordData {
    @Override
    public int type() {
      return DnsType.SRV;
    }
  }

  /** TXT: character strings, each at most 255 bytes. */
  record Txt(List<byte[]> strings) implements DnsRecordData {
    public static final int MAX_STRING = 255;

    public Txt {
      strings = strings.stream().map(byte[]::clone).toList();
      for (byte[] s : strings) {
        if (s.length > MAX_STRING) {
          throw new IllegalArgumentException("TXT string longer than " + MAX_STRING + " bytes");
        }
      }
    }

    public static Txt ofText(List<String> strings) {
      return new Txt(strings.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
    }

    public List<String> texts() {
      return strings.stream().map(s -> new String(s, StandardCharsets.UTF_8)).toList();
    }

    @Override
    public int type() {
      return DnsType.TXT;
    }
  }

  record A(Inet4Address address) implements DnsRecordData {
    @Override
    public int type() {
      return DnsType.A;
    }
  }

  record Aaaa(Inet6Address address) implements DnsRecordData {
    @Override
    public int type() {
      return DnsType.AAAA;
    }
  }

  /** A type we do not interpret; kept as raw bytes (names inside are not decompressed). */
  record Unknown(int type, byte[] rdata) implements DnsRecordData {
    public Unknown {
      rdata = rdata.clone();
    }
  }
}
