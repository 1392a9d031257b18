package io.bzzz.wire;

import java.io.ByteArrayOutputStream;

/** RFC 4648 base32, lower case, no padding: the multibase 'b' alphabet used by CIDs. */
public final class Base32 {
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

  private Base32() {}

  public static String encode(byte[] bytes) {
    StringBuilder sb = new StringBuilder((bytes.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        sb.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    }
    return sb.toString();
  }

  public static byte[] decode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < text.length(); i++) {
      int v = ALPHABET.indexOf(Character.toLowerCase(text.charAt(i)));
      if (v < 0) {
        throw new MalformedInputException(
            "invalid base32 character '" + text.charAt(i) + "' at " + i);
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0) {
      throw new MalformedInputException("base32 string has trailing bits");
    }
    return out.toByteArray();
  }
}
