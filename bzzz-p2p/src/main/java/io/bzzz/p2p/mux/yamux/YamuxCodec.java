package io.bzzz.p2p.mux.yamux;

/**
 * Encodes and decodes the 12-byte big-endian Yamux header: {@code version u8 | type u8 | flags u16
 * | stream id u32 | length u32}. Decoding checks the version, the type and the largest Data payload
 * the caller is willing to read, so nothing is allocated for an oversized frame.
 */
public final class YamuxCodec {
  private YamuxCodec() {}

  public static byte[] encode(YamuxFrame frame) {
    byte[] out = new byte[YamuxFrame.HEADER_LENGTH];
    encode(frame, out, 0);
    return out;
  }

  public static void encode(YamuxFrame frame, byte[] out, int offset) {
    out[offset] = (byte) frame.version();
    out[offset + 1] = (byte) frame.type().code();
    out[offset + 2] = (byte) (frame.flags() >>> 8);
    out[offset + 3] = (byte) frame.flags();
    putInt(out, offset + 4, frame.streamId());
    putInt(out, offset + 8, (int) frame.length());
  }

  /**
   * Decodes a header at {@code offset}.
   *
   * @param maxDataLength the largest Data payload accepted; a larger one is a protocol error
   */
  public static YamuxFrame decode(byte[] in, int offset, long maxDataLength)
      throws YamuxProtocolException {
    if (in.length - offset < YamuxFrame.HEADER_LENGTH) {
      throw new YamuxProtocolException("truncated header: " + (in.length - offset) + " bytes");
    }
    int version = in[offset] & 0xFF;
    if (version != YamuxFrame.VERSION) {
      throw new YamuxProtocolException("unsupported version " + version);
    }
    int typeCode = in[offset + 1] & 0xFF;
    YamuxFrame.Type type =
        YamuxFrame.Type.fromCode(typeCode)
            .orElseThrow(() -> new YamuxProtocolException("unknown frame type " + typeCode));
    int flags = ((in[offset + 2] & 0xFF) << 8) | (in[offset + 3] & 0xFF);
    int streamId = getInt(in, offset + 4);
    long length = Integer.toUnsignedLong(getInt(in, offset + 8));
    if (type == YamuxFrame.Type.DATA && length > maxDataLength) {
      throw new YamuxProtocolException(
          "data frame of "
              + length
              + " bytes on stream "
              + Integer.toUnsignedLong(streamId)
              + " exceeds the limit of "
              + maxDataLength);
    }
    return new YamuxFrame(version, type, flags, streamId, length);
  }

  private static void putInt(byte[] out, int offset, int value) {
    out[offset] = (byte) (value >>> 24);
    out[offset + 1] = (byte) (value >>> 16);
    out[offset + 2] = (byte) (value >>> 8);
    out[offset + 3] = (byte) value;
  }

  private static int getInt(byte[] in, int offset) {
    return ((in[offset] & 0xFF) << 24)
        | ((in[offset + 1] & 0xFF) << 16)
        | ((in[offset + 2] & 0xFF) << 8)
        | (in[offset + 3] & 0xFF);
  }
}
