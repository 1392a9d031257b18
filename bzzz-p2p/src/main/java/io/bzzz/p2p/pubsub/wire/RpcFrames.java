package io.bzzz.p2p.pubsub.wire;

import io.bzzz.wire.MalformedInputException;
import io.bzzz.wire.Varint;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Length-prefixed framing of RPCs on a stream: {@code uvarint(len) || RPC}. */
public final class RpcFrames {
  private RpcFrames() {}

  /**
   * Reads the next frame's bytes; empty at a clean end of stream. Zero-length frames come back as
   * empty arrays (go sends none, but they are legal and carry nothing).
   *
   * @throws MalformedRpcException when the length prefix is not a valid varint, or announces more
   *     than {@code maxSize} (before anything is allocated)
   */
  public static Optional<byte[]> read(InputStream in, int maxSize) throws IOException {
    long len;
    try {
      len = Varint.read(in);
    } catch (MalformedInputException e) {
      // the reader penalises and resets on MalformedRpcException; a bad prefix is the same fault
      throw new MalformedRpcException("bad RPC frame length: " + e.getMessage());
    }
    if (len < 0) {
      return Optional.empty();
    }
    if (len > maxSize) {
      throw new MalformedRpcException("RPC frame of " + len + " bytes exceeds limit " + maxSize);
    }
    byte[] frame = in.readNBytes((int) len);
    if (frame.length != len) {
      throw new EOFException("stream ended inside an RPC frame");
    }
    return Optional.of(frame);
  }

  /** The frame for an encoded RPC. */
  public static byte[] frame(byte[] rpc) {
    byte[] out = new byte[Varint.size(rpc.length) + rpc.length];
    int offset = Varint.write(rpc.length, out, 0);
    System.arraycopy(rpc, 0, out, offset, rpc.length);
    return out;
  }
}
