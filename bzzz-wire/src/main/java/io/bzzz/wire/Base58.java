package io.bzzz.wire;

import java.math.BigInteger;
import java.util.Arrays;

/** Base58btc with the Bitcoin alphabet, as used for peer ids in text. */
public final class Base58 {
  private static final String ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final int[] INDEX = new int[128];
  private static final BigInteger BASE = BigInteger.valueOf(58);

  static {
    Arrays.fill(INDEX, -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      INDEX[ALPHABET.charAt(i)] = i;
    }
  }

  private Base58() {}

  public static String encode(byte[] bytes) {
    int zeros = 0;
    while (zeros < bytes.length && bytes[zeros] == 0) {
      zeros++;
    }
    StringBuilder sb = new StringBuilder();
    BigInteger n = new BigInteger(1, bytes);
    while (n.signum() > 0) {
      BigInteger[] qr = n.divideAndRemainder(BASE);
      sb.append(ALPHABET.charAt(qr[1].intValue()));
      n = qr[0];
    }
    sb.append("1".repeat(zeros));
    return sb.reverse().toString();
  }

  public static byte[] decode(String text) {
    if (text.isEmpty()) {
      throw new MalformedInputException("empty base58 string");
    }
    BigInteger n = BigInteger.ZERO;
    int zeros = 0;
    boolean leading = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int digit = c < 128 ? INDEX[c] : -1;
      if (digit < 0) {
        throw new MalformedInputException("invalid base58 character '" + c + "' at " + i);
      }
      if (leading && digit == 0) {
        zeros++;
      } else {
        leading = false;
      }
      n = n.multiply(BASE).add(BigInteger.valueOf(digit));
    }
    byte[] body = n.signum() == 0 ? new byte[0] : n.toByteArray();
    int strip = body.length > 1 && body[0] == 0 ? 1 : 0;
    byte[] out = new byte[zeros + body.length - strip];
    System.arraycopy(body, strip, out, zeros, body.length - strip);
    return out;
  }
}
