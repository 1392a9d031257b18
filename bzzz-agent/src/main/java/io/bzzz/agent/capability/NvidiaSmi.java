package io.bzzz.agent.capability;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code nvidia-smi --query-gpu=name,memory.total --format=csv,noheader,nounits}: one GPU
 * per line, {@code NVIDIA GeForce RTX 3090, 24576}. Lines that do not parse are skipped; a value of
 * {@code [N/A]} reads as 0.
 */
public final class NvidiaSmi {
  public static final List<String> QUERY =
      List.of("--query-gpu=name,memory.total", "--format=csv,noheader,nounits");
  private static final int MAX_GPUS = 64;

  private NvidiaSmi() {}

  public static List<Gpu> parse(String output) {
    List<Gpu> gpus = new ArrayList<>();
    for (String line : output.split("\n")) {
      int comma = line.lastIndexOf(',');
      if (comma <= 0 || gpus.size() >= MAX_GPUS) {
        continue;
      }
      String name = line.substring(0, comma).strip();
      String mem = line.substring(comma + 1).strip();
      if (name.isEmpty()) {
        continue;
      }
      long mib;
      try {
        mib = Long.parseLong(mem);
      } catch (NumberFormatException e) {
        if (!mem.startsWith("[")) {
          continue;
        }
        mib = 0;
      }
      gpus.add(new Gpu(name, mib));
    }
    return gpus;
  }
}
