package io.bzzz.p2p.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bzzz.p2p.discovery.mdns.DnsCodec;
import io.bzzz.p2p.discovery.mdns.DnsMessage;
import io.bzzz.wire.MalformedInputException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * An mDNS datagram from the LAN, decoded as the mDNS service decodes it: a message (DnsName
 * enforces 255-byte names), or {@link MalformedInputException} (compression loops, counts beyond
 * the datagram, truncation). Re-encoding a decoded message is stable.
 */
class DnsMessageFuzzTest {
  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void decode(byte[] datagram) {
    DnsMessage message;
    try {
      message = DnsCodec.decode(datagram);
    } catch (MalformedInputException expected) {
      return;
    }
    byte[] encoded = DnsCodec.encode(message);
    assertThat(DnsCodec.encode(DnsCodec.decode(encoded))).isEqualTo(encoded);
  }
}
