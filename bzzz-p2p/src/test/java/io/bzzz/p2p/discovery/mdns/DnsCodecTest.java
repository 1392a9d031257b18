package io.bzzz.p2p.discovery.mdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.wire.MalformedInputException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsCodecTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void queryEncodesToTheBytesEveryResolverSends() {
    byte[] wire = DnsCodec.encode(MdnsRecords.query(MdnsRecords.SERVICE));
    // id 0, flags 0, 1 question; _p2p._udp.local PTR IN
    assertThat(HEX.formatHex(wire))
        .isEqualTo("000000000001000000000000" + "045f703270045f756470056c6f63616c00" + "000c0001");
  }

  @Test
  void responseRoundTripsWithCompressionAndEveryRecordType() throws Exception {
    DnsName instance = MdnsRecords.SERVICE.prepend("abcdefghijabcdefghijabcdefghij12");
    DnsName host = DnsName.parse("abcdefghijabcdefghijabcdefghij12.local");
    DnsMessage message =
        DnsMessage.response(
            List.of(
                new DnsRecord(MdnsRecords.SERVICE, 120, false, new DnsRecordData.Ptr(instance))),
            List.of(
                new DnsRecord(instance, 120, true, new DnsRecordData.Srv(0, 0, 4001, host)),
                new DnsRecord(
                    instance, 120, true, DnsRecordData.Txt.ofText(List.of("a=1", "dnsaddr=/x"))),
                new DnsRecord(
                    host,
                    120,
                    true,
                    new DnsRecordData.A((Inet4Address) InetAddress.getByName("10.213.0.2"))),
                new DnsRecord(
                    host,
                    120,
                    true,
                    new DnsRecordData.Aaaa((Inet6Address) InetAddress.getByName("fd00::2")))));
    byte[] wire = DnsCodec.encode(message);
    DnsMessage back = DnsCodec.decode(wire);

    assertThat(back.isResponse()).isTrue();
    assertThat(back.answers()).hasSize(1);
    assertThat(back.answers().get(0).data()).isEqualTo(new DnsRecordData.Ptr(instance));
    assertThat(back.additionals()).extracting(DnsRecord::type).containsExactly(33, 16, 1, 28);
    assertThat(back.additionals().get(0).data()).isEqualTo(new DnsRecordData.Srv(0, 0, 4001, host));
    assertThat(((DnsRecordData.Txt) back.additionals().get(1).data()).texts())
        .containsExactly("a=1", "dnsaddr=/x");
    assertThat(back.additionals().get(2).cacheFlush()).isTrue();
    assertThat(((DnsRecordData.Aaaa) back.additionals().get(3).data()).address())
        .isEqualTo(InetAddress.getByName("fd00::2"));
    // The instance name (50 bytes) is written once; later uses are 2-byte pointers.
    int uncompressed = 12 + 4 * instance.encodedLength() + 2 * host.encodedLength();
    assertThat(wire.length).isLessThan(uncompressed);
  }

  @Test
  void namesCompareWithoutCase() {
    assertThat(DnsName.parse("_P2P._udp.LOCAL.")).isEqualTo(MdnsRecords.SERVICE);
    assertThat(DnsName.parse("_P2P._udp.LOCAL").hashCode())
        .isEqualTo(MdnsRecords.SERVICE.hashCode());
  }

  @Test
  void rejectsAPointerLoop() {
    // header with one question; the name is a pointer to itself at offset 12
    byte[] wire = HEX.parseHex("000000000001000000000000" + "c00c" + "000c0001");
    assertThatThrownBy(() -> DnsCodec.decode(wire))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("pointer");
  }

  @Test
  void rejectsTwoPointersThatPointAtEachOther() {
    // question 1 at 12: label "a" then pointer to 17; at 17: pointer back to 12.
    byte[] wire =
        HEX.parseHex("000000000002000000000000" + "0161c011" + "c00c" + "000c0001000c0001");
    assertThatThrownBy(() -> DnsCodec.decode(wire)).isInstanceOf(MalformedInputException.class);
  }

  @Test
  void rejectsAForwardPointer() {
    byte[] wire = HEX.parseHex("000000000001000000000000" + "c014" + "000c0001" + "0000");
    assertThatThrownBy(() -> DnsCodec.decode(wire))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("backwards");
  }

  @Test
  void rejectsANameOver255BytesBuiltFromPointers() {
    // Four questions; each name is one 63-byte label followed by a pointer to the previous name,
    // so every pointer is legal but the fourth name would be 4 * 64 + 1 = 257 bytes.
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(HEX.parseHex("000000000004000000000000"));
    byte[] label = new byte[64];
    label[0] = 63;
    java.util.Arrays.fill(label, 1, 64, (byte) 'a');
    int previous = -1;
    for (int i = 0; i < 4; i++) {
      int here = out.size();
      out.writeBytes(label);
      if (previous < 0) {
        out.write(0);
      } else {
        out.write(0xc0);
        out.write(previous);
      }
      out.writeBytes(HEX.parseHex("000c0001"));
      previous = here;
    }
    assertThatThrownBy(() -> DnsCodec.decode(out.toByteArray()))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("255");
  }

  @Test
  void rejectsCountsTheMessageCannotHold() {
    byte[] wire = HEX.parseHex("00000000ffff00000000ffff");
    assertThatThrownBy(() -> DnsCodec.decode(wire))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("more records");
  }

  @Test
  void rejectsTruncatedRecordData() {
    byte[] good =
        DnsCodec.encode(
            DnsMessage.response(
                List.of(
                    new DnsRecord(
                        MdnsRecords.SERVICE,
                        120,
                        false,
                        DnsRecordData.Txt.ofText(List.of("dnsaddr=/ip4/1.2.3.4/tcp/1")))),
                List.of()));
    byte[] cut = java.util.Arrays.copyOf(good, good.length - 3);
    assertThatThrownBy(() -> DnsCodec.decode(cut))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void rejectsATxtStringOverrunningItsRecord() {
    // answer: root name, TXT, IN, ttl, rdlength 2, string length 5 but only 1 byte
    byte[] wire =
        HEX.parseHex("000084000000000100000000" + "00" + "00100001" + "00000078" + "0002" + "0561");
    assertThatThrownBy(() -> DnsCodec.decode(wire))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("TXT");
  }

  @Test
  void rejectsAnAddressRecordOfTheWrongSize() {
    byte[] wire =
        HEX.parseHex(
            "000084000000000100000000" + "00" + "00010001" + "00000078" + "0003" + "0a0000");
    assertThatThrownBy(() -> DnsCodec.decode(wire))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("4 bytes");
  }

  @Test
  void rejectsOversizedMessagesAndLabels() {
    assertThatThrownBy(() -> DnsCodec.decode(new byte[DnsCodec.MAX_MESSAGE + 1]))
        .isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> DnsName.parse("a".repeat(64) + ".local"))
        .isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> DnsName.parse(("a".repeat(63) + ".").repeat(4) + "local"))
        .isInstanceOf(MalformedInputException.class);
    byte[] reserved = HEX.parseHex("000000000001000000000000" + "4000" + "000c0001");
    assertThatThrownBy(() -> DnsCodec.decode(reserved))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("label type");
  }

  @Test
  void unknownRecordTypesAreKeptRaw() {
    byte[] wire =
        HEX.parseHex(
            "000084000000000100000000" + "00" + "002f0001" + "00000078" + "0003" + "010203");
    DnsMessage m = DnsCodec.decode(wire);
    assertThat(m.answers().get(0).data()).isInstanceOf(DnsRecordData.Unknown.class);
    assertThat(m.answers().get(0).type()).isEqualTo(0x2f);
  }
}
