package io.bzzz.p2p.multistream;

import io.bzzz.p2p.ProtocolNotSupportedException;
import io.bzzz.wire.MalformedInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * multistream-select 1.0 over a blocking byte channel. The dialer pipelines its header with the
 * first proposal; the listener answers header + echo (or {@code na}) in one write. Used on raw TCP
 * ({@code /noise}), inside Noise ({@code /yamux/1.0.0}) and on every muxed stream.
 */
public final class MultistreamSelect {
  /** Proposals a listener answers with {@code na} before giving up on the channel. */
  static final int MAX_REJECTED_PROPOSALS = 32;

  private MultistreamSelect() {}

  /**
   * Dialer side: proposes {@code protocols} in order and returns the one the listener echoed.
   *
   * @throws ProtocolNotSupportedException when the listener answered {@code na} to all of them
   */
  public static String select(InputStream in, OutputStream out, List<String> protocols)
      throws IOException {
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("no protocol to propose");
    }
    out.write(MultistreamCodec.encode(MultistreamCodec.HEADER, protocols.get(0)));
    out.flush();
    readHeader(in);
    for (int i = 0; i < protocols.size(); i++) {
      String proposed = protocols.get(i);
      if (i > 0) {
        out.write(MultistreamCodec.encode(proposed));
        out.flush();
      }
      String answer = read(in);
      if (answer.equals(proposed)) {
        return proposed;
      }
      if (!answer.equals(MultistreamCodec.NA)) {
        throw new NegotiationException(
            "peer answered '" + abbreviate(answer) + "' to proposal " + proposed);
      }
    }
    throw new ProtocolNotSupportedException(protocols);
  }

  /**
   * Listener side: answers proposals until one is {@code supported} and returns it; application
   * bytes a lazy dialer pipelined behind its proposal stay unread in {@code in}. Returns empty when
   * the dialer closes after only unsupported proposals.
   */
  public static Optional<String> handle(
      InputStream in, OutputStream out, Predicate<String> supported) throws IOException {
    readHeader(in);
    boolean headerSent = false;
    for (int rejected = 0; rejected <= MAX_REJECTED_PROPOSALS; rejected++) {
      String proposal;
      try {
        proposal = read(in);
      } catch (java.io.EOFException e) {
        if (rejected > 0) {
          return Optional.empty(); // the dialer gave up after our na
        }
        throw e;
      }
      boolean accept = !proposal.equals(MultistreamCodec.NA) && supported.test(proposal);
      String reply = accept ? proposal : MultistreamCodec.NA;
      out.write(
          headerSent
              ? MultistreamCodec.encode(reply)
              : MultistreamCodec.encode(MultistreamCodec.HEADER, reply));
      out.flush();
      headerSent = true;
      if (accept) {
        return Optional.of(proposal);
      }
    }
    throw new NegotiationException(
        "dialer made more than " + MAX_REJECTED_PROPOSALS + " unsupported proposals");
  }

  private static void readHeader(InputStream in) throws IOException {
    String message;
    try {
      message = MultistreamCodec.readExpecting(in, MultistreamCodec.HEADER);
    } catch (MalformedInputException e) {
      throw new NegotiationException(e.getMessage());
    }
    if (!message.equals(MultistreamCodec.HEADER)) {
      throw new NegotiationException(
          "expected " + MultistreamCodec.HEADER + " but got '" + abbreviate(message) + "'");
    }
  }

  private static String read(InputStream in) throws IOException {
    try {
      return MultistreamCodec.read(in);
    } catch (MalformedInputException e) {
      throw new NegotiationException(e.getMessage());
    }
  }

  private static String abbreviate(String s) {
    String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 64 ? printable.substring(0, 64) + "..." : printable;
  }
}
