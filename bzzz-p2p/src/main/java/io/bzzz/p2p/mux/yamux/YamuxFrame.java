package io.bzzz.p2p.mux.yamux;

/**
 * One Yamux frame header (the 12 bytes before any payload). For {@link Type#DATA} {@code length} is
 * the payload size; for {@link Type#WINDOW_UPDATE} it is a window delta (or go-yamux's error code
 * when RST is set); for {@link Type#PING} an opaque value; for {@link Type#GO_AWAY} the error code.
 * Stream ids and lengths are unsigned 32-bit on the wire.
 */
public record YamuxFrame(int version, Type type, int flags, int streamId, long length) {
  public static final int VERSION = 0;
  public static final int HEADER_LENGTH = 12;
  public static final int SESSION_ID = 0;

  public static final int SYN = 0x1;
  public static final int ACK = 0x2;
  public static final int FIN = 0x4;
  public static final int RST = 0x8;

  /** The initial per-stream window both sides assume, before any window update (the spec's). */
  public static final int INITIAL_WINDOW = 256 * 1024;

  public static final long MAX_LENGTH = 0xFFFF_FFFFL;

  /** Frame types and their wire codes. */
  public enum Type {
    DATA(0),
    WINDOW_UPDATE(1),
    PING(2),
    GO_AWAY(3);

    private final int code;

    Type(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    static java.util.Optional<Type> fromCode(int code) {
      for (Type t : values()) {
        if (t.code == code) {
          return java.util.Optional.of(t);
        }
      }
      return java.util.Optional.empty();
    }
  }

  public YamuxFrame {
    if (version < 0 || version > 0xFF) {
      throw new IllegalArgumentException("version out of range: " + version);
    }
    if (flags < 0 || flags > 0xFFFF) {
      throw new IllegalArgumentException("flags out of range: " + flags);
    }
    if (length < 0 || length > MAX_LENGTH) {
      throw new IllegalArgumentException("length out of range: " + length);
    }
    java.util.Objects.requireNonNull(type, "type");
  }

  public static YamuxFrame data(int streamId, int flags, int payloadLength) {
    return new YamuxFrame(VERSION, Type.DATA, flags, streamId, payloadLength);
  }

  public static YamuxFrame windowUpdate(int streamId, int flags, long delta) {
    return new YamuxFrame(VERSION, Type.WINDOW_UPDATE, flags, streamId, delta);
  }

  public static YamuxFrame ping(int flags, long value) {
    return new YamuxFrame(VERSION, Type.PING, flags, SESSION_ID, value);
  }

  public static YamuxFrame goAway(GoAwayCode code) {
    return new YamuxFrame(VERSION, Type.GO_AWAY, 0, SESSION_ID, code.code());
  }

  public boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /** The stream id as the unsigned number on the wire, for messages. */
  public long unsignedStreamId() {
    return Integer.toUnsignedLong(streamId);
  }
}
