package io.bzzz.agent.schedule;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's CPU, memory and disk as the OS reports them ({@code OperatingSystemMXBean}). A
 * value the platform does not report reads as 0 load / full availability, so that a missing probe
 * neither wins nor loses auctions by itself.
 */
public final class Machine {
  private final com.sun.management.OperatingSystemMXBean os;
  private final Path dataDir;

  public Machine(Path dataDir) {
    this.os =
        ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean sun
            ? sun
            : null;
    this.dataDir = dataDir;
  }

  /** The whole machine's recent CPU load in [0, 1]. */
  public double cpu() {
    double v = os == null ? 0 : os.getCpuLoad();
    return v < 0 ? 0 : Math.min(1, v);
  }

  /** Memory in use over total, in [0, 1]. */
  public double memoryUsed() {
    if (os == null || os.getTotalMemorySize() <= 0) {
      return 0;
    }
    return 1 - os.getFreeMemorySize() / (double) os.getTotalMemorySize();
  }

  /** Usable space of the data directory's file system over its total, in [0, 1]. */
  public double freeDisk() {
    try {
      FileStore store = Files.getFileStore(dataDir);
      return store.getTotalSpace() <= 0
          ? 1
          : store.getUsableSpace() / (double) store.getTotalSpace();
    } catch (IOException e) {
      return 1;
    }
  }
}
