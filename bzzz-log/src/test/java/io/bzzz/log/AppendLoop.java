package io.bzzz.log;

import io.bzzz.log.sign.KeyMode;
import io.bzzz.p2p.crypto.PrivateKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child process of {@link CrashTest}: appends batches of 1..7 blocks {@code entry-<i>} forever and
 * prints {@code acked <length>} after each append returns.
 */
public final class AppendLoop {
  private AppendLoop() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    SignedLog log =
        Files.exists(dir.resolve("meta"))
            ? SignedLog.open(dir)
            : SignedLog.create(dir, KeyMode.MANIFEST, PrivateKey.generate(), LogOptions.DEFAULT);
    System.out.println("ready " + log.length());
    for (int round = 0; ; round++) {
      List<byte[]> batch = new ArrayList<>();
      int size = 1 + round % 7;
      for (int i = 0; i < size; i++) {
        batch.add(block(log.length() + i));
      }
      long length = log.append(batch);
      System.out.println("acked " + length);
    }
  }

  static byte[] block(long i) {
    return ("entry-" + i + "-" + "x".repeat((int) (i % 50))).getBytes(StandardCharsets.UTF_8);
  }
}
