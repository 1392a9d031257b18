package io.bzzz.p2p.discovery.mdns;

import io.bzzz.wire.MalformedInputException;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Encodes and decodes DNS messages (RFC 1035) with name compression. Decoding is defensive: a
 * message is at most {@link #MAX_MESSAGE} bytes, section counts are checked against the bytes left
 * before anything is allocated, compression pointers must point backwards (so they cannot loop),
 * and names stay within 255 bytes. Every violation is a {@link MalformedInputException}.
 */
public final class DnsCodec {
  /** RFC 6762 §17: an mDNS message never exceeds 9000 bytes. */
  public static final int MAX_MESSAGE = 9000;

  private static final int HEADER = 12;
  private static final int MIN_QUESTION = 5; // root name + type + class
  private static final int MIN_RECORD = 11; // root name + type + class + ttl + rdlength
  private static final int POINTER = 0xc0;
  private static final int MAX_POINTER_OFFSET = 0x3fff;

  private DnsCodec() {}

  public static byte[] encode(DnsMessage message) {
    Writer w = new Writer();
    w.u16(message.id());
    w.u16(message.flags());
    w.u16(message.questions().size());
    w.u16(message.answers().size());
    w.u16(message.authorities().size());
    w.u16(message.additionals().size());
    for (DnsQuestion q : message.questions()) {
      w.name(q.name());
      w.u16(q.type());
      w.u16(DnsType.CLASS_IN | (q.unicastResponse() ? DnsType.CLASS_TOP_BIT : 0));
    }
    message.allRecords().forEach(w::record);
    byte[] out = w.out.toByteArray();
    if (out.length > MAX_MESSAGE) {
      throw new IllegalArgumentException(
          "DNS message of " + out.length + " bytes exceeds " + MAX_MESSAGE);
    }
    return out;
  }

  public static DnsMessage decode(byte[] data) {
    return decode(data, data.length);
  }

  public static DnsMessage decode(byte[] data, int length) {
    if (length > MAX_MESSAGE) {
      throw new MalformedInputException("DNS message longer than " + MAX_MESSAGE + " bytes");
    }
    if (length < HEADER) {
      throw new MalformedInputException("DNS message shorter than its 12-byte header");
    }
    Reader r = new Reader(data, length);
    int id = r.u16();
    int flags = r.u16();
    int qd = r.u16();
    int an = r.u16();
    int ns = r.u16();
    int ar = r.u16();
    long minimum = (long) qd * MIN_QUESTION + (long) (an + ns + ar) * MIN_RECORD;
    if (minimum > r.remaining()) {
      throw new MalformedInputException(
          "DNS header announces more records than " + length + " bytes can hold");
    }
    List<DnsQuestion> questions = new ArrayList<>(qd);
    for (int i = 0; i < qd; i++) {
      DnsName name = r.name();
      int type = r.u16();
      int cls = r.u16();
      questions.add(new DnsQuestion(name, type, (cls & DnsType.CLASS_TOP_BIT) != 0));
    }
    List<DnsRecord> answers = r.records(an);
    List<DnsRecord> authorities = r.records(ns);
    List<DnsRecord> additionals = r.records(ar);
    return new DnsMessage(id, flags, questions, answers, authorities, additionals);
  }

  private static final class Writer {
    final PatchableBuffer out = new PatchableBuffer();
    final Map<String, Integer> suffixOffsets = new HashMap<>();

    void u16(int v) {
      out.write(v >>> 8);
      out.write(v);
    }

    void u32(long v) {
      u16((int) (v >>> 16));
      u16((int) v);
    }

    void name(DnsName name) {
      List<String> labels = name.labels();
      for (int i = 0; i < labels.size(); i++) {
        String key = String.join(".", labels.subList(i, labels.size())).toLowerCase(Locale.ROOT);
        Integer offset = suffixOffsets.get(key);
        if (offset != null) {
          u16((POINTER << 8) | offset);
          return;
        }
        if (out.size() <= MAX_POINTER_OFFSET) {
          suffixOffsets.put(key, out.size());
        }
        byte[] label = labels.get(i).getBytes(StandardCharsets.UTF_8);
        out.write(label.length);
        out.writeBytes(label);
      }
      out.write(0);
    }

    void record(DnsRecord record) {
      name(record.name());
      u16(record.type());
      u16(DnsType.CLASS_IN | (record.cacheFlush() ? DnsType.CLASS_TOP_BIT : 0));
      u32(record.ttl());
      int lengthAt = out.size();
      u16(0); // patched below, once the (possibly compressed) rdata is written
      int start = out.size();
      switch (record.data()) {
        case DnsRecordData.Ptr ptr -> name(ptr.target());
        case DnsRecordData.Srv srv -> {
          u16(srv.priority());
          u16(srv.weight());
          u16(srv.port());
          name(srv.target());
        }
        case DnsRecordData.Txt txt -> {
          if (txt.strings().isEmpty()) {
            out.write(0); // RFC 6763 §6.1: an empty TXT record holds one empty string
          }
          for (byte[] s : txt.strings()) {
            out.write(s.length);
            out.writeBytes(s);
          }
        }
        case DnsRecordData.A a -> out.writeBytes(a.address().getAddress());
        case DnsRecordData.Aaaa aaaa -> out.writeBytes(aaaa.address().getAddress());
        case DnsRecordData.Unknown unknown -> out.writeBytes(unknown.rdata());
      }
      out.patchU16(lengthAt, out.size() - start);
    }
  }

  /** A byte buffer whose already written bytes can be patched (the RDLENGTH fields). */
  private static final class PatchableBuffer extends ByteArrayOutputStream {
    PatchableBuffer() {
      super(512);
    }

    void patchU16(int at, int value) {
      buf[at] = (byte) (value >>> 8);
      buf[at + 1] = (byte) value;
    }
  }

  private static final class Reader {
    final byte[] data;
    final int length;
    int pos;

    Reader(byte[] data, int length) {
      this.data = data;
      this.length = length;
    }

    int remaining() {
      return length - pos;
    }

    void need(int n, String what) {
      if (n > length - pos) {
        throw new MalformedInputException("DNS message truncated in " + what);
      }
    }

    int u8At(int at, String what) {
      if (at >= length) {
        throw new MalformedInputException("DNS message truncated in " + what);
      }
      return data[at] & 0xff;
    }

    int u16() {
      need(2, "a 16-bit field");
      int v = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
      pos += 2;
      return v;
    }

    long u32() {
      return ((long) u16() << 16) | u16();
    }

    /**
     * Reads a possibly compressed name at {@code pos}. A pointer must point strictly before the
     * start of the label run that holds it, so following pointers always moves backwards and ends.
     */
    DnsName name() {
      List<String> labels = new ArrayList<>();
      int at = pos;
      int runStart = pos;
      int encoded = 1;
      boolean jumped = false;
      while (true) {
        int len = u8At(at, "a name");
        if (len == 0) {
          at++;
          break;
        }
        int kind = len & POINTER;
        if (kind == POINTER) {
          int target = ((len & 0x3f) << 8) | u8At(at + 1, "a name pointer");
          if (target >= runStart) {
            throw new MalformedInputException(
                "DNS name pointer at " + at + " does not point backwards (to " + target + ")");
          }
          if (!jumped) {
            pos = at + 2;
            jumped = true;
          }
          at = target;
          runStart = target;
          continue;
        }
        if (kind != 0) {
          throw new MalformedInputException("DNS label type 0x" + Integer.toHexString(kind));
        }
        encoded += 1 + len;
        if (encoded > DnsName.MAX_ENCODED) {
          throw new MalformedInputException(
              "DNS name longer than " + DnsName.MAX_ENCODED + " bytes");
        }
        if (at + 1 + len > length) {
          throw new MalformedInputException("DNS message truncated in a label");
        }
        labels.add(new String(data, at + 1, len, StandardCharsets.UTF_8));
        at += 1 + len;
      }
      if (!jumped) {
        pos = at;
      }
      return DnsName.of(labels);
    }

    List<DnsRecord> records(int count) {
      List<DnsRecord> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        out.add(record());
      }
      return out;
    }

    DnsRecord record() {
      DnsName name = name();
      int type = u16();
      int cls = u16();
      long ttl = u32();
      int rdLength = u16();
      need(rdLength, "record data");
      int end = pos + rdLength;
      DnsRecordData rdata = rdata(type, end);
      if (pos != end) {
        throw new MalformedInputException(
            "DNS record data of type " + type + " does not fill its " + rdLength + " bytes");
      }
      return new DnsRecord(name, ttl, (cls & DnsType.CLASS_TOP_BIT) != 0, rdata);
    }

    DnsRecordData rdata(int type, int end) {
      return switch (type) {
        case DnsType.PTR -> new DnsRecordData.Ptr(nameWithin(end));
        case DnsType.SRV -> {
          int priority = u16();
          int weight = u16();
          int port = u16();
          yield new DnsRecordData.Srv(priority, weight, port, nameWithin(end));
        }
        case DnsType.TXT -> {
          List<byte[]> strings = new ArrayList<>();
          while (pos < end) {
            int len = data[pos++] & 0xff;
            if (pos + len > end) {
              throw new MalformedInputException("TXT string overruns its record");
            }
            if (len > 0) {
              strings.add(Arrays.copyOfRange(data, pos, pos + len));
            }
            pos += len;
          }
          yield new DnsRecordData.Txt(strings);
        }
        case DnsType.A -> new DnsRecordData.A((Inet4Address) address(4, end));
        case DnsType.AAAA -> new DnsRecordData.Aaaa((Inet6Address) address(16, end));
        default -> {
          byte[] raw = Arrays.copyOfRange(data, pos, end);
          pos = end;
          yield new DnsRecordData.Unknown(type, raw);
        }
      };
    }

    DnsName nameWithin(int end) {
      DnsName name = name();
      if (pos > end) {
        throw new MalformedInputException("DNS name overruns its record");
      }
      return name;
    }

    InetAddress address(int size, int end) {
      if (end - pos != size) {
        throw new MalformedInputException("address record must hold " + size + " bytes");
      }
      byte[] raw = Arrays.copyOfRange(data, pos, end);
      pos = end;
      try {
        // getByAddress keeps a 16-byte v4-mapped address as Inet4Address; keep AAAA as Inet6.
        return size == 16
            ? Inet6Address.getByAddress(null, raw, -1)
            : InetAddress.getByAddress(raw);
      } catch (UnknownHostException e) {
        throw new MalformedInputException("bad address bytes", e);
      }
    }
  }
}
