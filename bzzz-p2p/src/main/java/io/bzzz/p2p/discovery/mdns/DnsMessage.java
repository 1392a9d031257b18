package io.bzzz.p2p.discovery.mdns;

import java.util.List;
import java.util.stream.Stream;

/** A DNS message: header id and flags, then the four sections. */
public record DnsMessage(
    int id,
    int flags,
    List<DnsQuestion> questions,
    List<DnsRecord> answers,
    List<DnsRecord> authorities,
    List<DnsRecord> additionals) {
  /** QR bit: set on responses. */
  public static final int FLAG_RESPONSE = 0x8000;

  /** AA bit: mDNS responses are authoritative (RFC 6762 §18.4). */
  public static final int FLAG_AUTHORITATIVE = 0x0400;

  public DnsMessage {
    questions = List.copyOf(questions);
    answers = List.copyOf(answers);
    authorities = List.copyOf(authorities);
    additionals = List.copyOf(additionals);
  }

  public static DnsMessage query(List<DnsQuestion> questions) {
    return new DnsMessage(0, 0, questions, List.of(), List.of(), List.of());
  }

  public static DnsMessage response(List<DnsRecord> answers, List<DnsRecord> additionals) {
    return new DnsMessage(
        0, FLAG_RESPONSE | FLAG_AUTHORITATIVE, List.of(), answers, List.of(), additionals);
  }

  public boolean isResponse() {
    return (flags & FLAG_RESPONSE) != 0;
  }

  /** Answers, then authorities, then additionals. */
  public Stream<DnsRecord> allRecords() {
    return Stream.of(answers, authorities, additionals).flatMap(List::stream);
  }
}
