package io.bzzz.p2p.mux.yamux;

/** The error codes a GoAway frame carries in its length field. Peers may send others. */
public enum GoAwayCode {
  NORMAL(0),
  PROTOCOL_ERROR(1),
  INTERNAL_ERROR(2);

  private final int code;

  GoAwayCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** A readable name for a received code, including codes this enum does not know. */
  static String describe(long code) {
    for (GoAwayCode c : values()) {
      if (c.code == code) {
        return c.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
      }
    }
    return "error code " + code;
  }
}
