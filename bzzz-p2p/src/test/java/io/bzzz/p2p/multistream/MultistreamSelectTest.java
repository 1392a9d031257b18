package io.bzzz.p2p.multistream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.p2p.ProtocolNotSupportedException;
import io.bzzz.wire.MalformedInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MultistreamSelectTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void framesMatchTheSpecVectors() {
    assertThat(HEX.formatHex(MultistreamCodec.encode("/multistream/1.0.0")))
        .isEqualTo("132f6d756c746973747265616d2f312e302e300a");
    assertThat(HEX.formatHex(MultistreamCodec.encode("/noise"))).isEqualTo("072f6e6f6973650a");
    assertThat(HEX.formatHex(MultistreamCodec.encode("/yamux/1.0.0")))
        .isEqualTo("0d2f79616d75782f312e302e300a");
    assertThat(HEX.formatHex(MultistreamCodec.encode("/ipfs/ping/1.0.0")))
        .isEqualTo("112f697066732f70696e672f312e302e300a");
    assertThat(HEX.formatHex(MultistreamCodec.encode("na"))).isEqualTo("036e610a");
  }

  @Test
  void readsCoalescedFramesOneAtATimeAndLeavesTheRest() throws IOException {
    byte[] wire =
        concat(MultistreamCodec.encode("/multistream/1.0.0", "/noise"), new byte[] {9, 8});
    InputStream in = new ByteArrayInputStream(wire);
    assertThat(MultistreamCodec.read(in)).isEqualTo("/multistream/1.0.0");
    assertThat(MultistreamCodec.read(in)).isEqualTo("/noise");
    assertThat(in.readAllBytes()).containsExactly(9, 8);
  }

  @Test
  void rejectsOversizedFramesBeforeReadingThem() {
    // length 2000 (d0 0f) > 1025: refused from the prefix alone
    InputStream in = new ByteArrayInputStream(new byte[] {(byte) 0xd0, 0x0f, 'x'});
    assertThatThrownBy(() -> MultistreamCodec.read(in))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("exceeds limit");
  }

  @Test
  void rejectsFramesWithoutNewline() {
    InputStream in = new ByteArrayInputStream(new byte[] {3, 'n', 'a', 'x'});
    assertThatThrownBy(() -> MultistreamCodec.read(in))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("newline");
  }

  @Test
  void listenerRejectsGarbageInsteadOfHeader() {
    InputStream in = new ByteArrayInputStream(MultistreamCodec.encode("GET / HTTP/1.1"));
    assertThatThrownBy(() -> MultistreamSelect.handle(in, new ByteArrayOutputStream(), p -> true))
        .isInstanceOf(NegotiationException.class)
        .hasMessageContaining("expected /multistream/1.0.0");
  }

  @Test
  void listenerAnswersNaThenAcceptsAndKeepsPipelinedData() throws IOException {
    byte[] wire =
        concat(
            MultistreamCodec.encode("/multistream/1.0.0", "/meshsub/1.2.0", "/meshsub/1.1.0"),
            new byte[] {42});
    InputStream in = new ByteArrayInputStream(wire);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Optional<String> agreed = MultistreamSelect.handle(in, out, Set.of("/meshsub/1.1.0")::contains);
    assertThat(agreed).contains("/meshsub/1.1.0");
    assertThat(out.toByteArray())
        .isEqualTo(MultistreamCodec.encode("/multistream/1.0.0", "na", "/meshsub/1.1.0"));
    assertThat(in.read()).isEqualTo(42);
  }

  @Test
  void dialerFallsBackToTheNextProposalAndFailsWhenNoneIsAccepted() throws Exception {
    assertThat(negotiate(List.of("/a/1", "/b/1"), Set.of("/b/1"))).isEqualTo("/b/1");
    assertThatThrownBy(() -> negotiate(List.of("/a/1", "/c/1"), Set.of("/b/1")))
        .hasCauseInstanceOf(ProtocolNotSupportedException.class);
  }

  private static String negotiate(List<String> proposals, Set<String> supported) throws Exception {
    PipedInputStream dialerIn = new PipedInputStream(4096);
    PipedOutputStream listenerOut = new PipedOutputStream(dialerIn);
    PipedInputStream listenerIn = new PipedInputStream(4096);
    PipedOutputStream dialerOut = new PipedOutputStream(listenerIn);
    CompletableFuture<Optional<String>> listener = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                listener.complete(
                    MultistreamSelect.handle(listenerIn, listenerOut, supported::contains));
              } catch (IOException e) {
                listener.completeExceptionally(e);
              }
            });
    try {
      String agreed = MultistreamSelect.select(dialerIn, dialerOut, proposals);
      assertThat(listener.get()).contains(agreed);
      return agreed;
    } catch (IOException e) {
      dialerOut.close();
      assertThat(listener.get()).isEmpty();
      throw new java.util.concurrent.ExecutionException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
