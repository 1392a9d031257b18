package io.bzzz.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private LAN of network namespaces for tests (tag {@code netns}): one namespace holds a bridge,
 * each host namespace has one veth on it with address {@code 10.213.0.<10+i>/24} and its own
 * loopback. Nothing touches the root namespace's network. Needs root and iproute2; {@link #create}
 * fails loudly without them (CI runs as root), it never skips. {@link #close} deletes every
 * namespace, which removes the veths and the bridge with them, and the {@code /etc/netns/<name>}
 * files {@link #resolvConf} wrote.
 *
 * <p>{@link #overlay} builds the LAN as an overlay network looks to its containers: multicast
 * frames are dropped (so mDNS hears nothing; needs nftables) and neighbour entries are permanent.
 * The entries matter beyond realism: the kernel's neighbour table is shared by all namespaces
 * ({@code gc_thresh3} = 1024 entries), and some 35 hosts talking all-to-all overflow it ("neighbor
 * table overflow!", then "No route to host"). Permanent entries are not garbage-collected entries
 * and do not count against it.
 */
public final class NetnsLan implements AutoCloseable {
  public static final String SUBNET_PREFIX = "10.213.0.";

  private final String prefix;
  private final List<String> namespaces = new ArrayList<>();
  private final List<Path> etcDirs = new ArrayList<>();
  private final int hosts;
  private final boolean overlay;

  private NetnsLan(String prefix, int hosts, boolean overlay) {
    this.prefix = prefix;
    this.hosts = hosts;
    this.overlay = overlay;
  }

  public static NetnsLan create(int hosts) {
    return create(hosts, false);
  }

  /** A LAN without multicast and with a permanent neighbour entry for every host on every host. */
  public static NetnsLan overlay(int hosts) {
    return create(hosts, true);
  }

  private static NetnsLan create(int hosts, boolean overlay) {
    if (hosts > 240) {
      throw new IllegalArgumentException("at most 240 hosts fit 10.213.0.10..249");
    }
    requireRootAndIp();
    String prefix = "bzzz" + ProcessHandle.current().pid() + "x" + (System.nanoTime() % 10000);
    NetnsLan lan = new NetnsLan(prefix, hosts, overlay);
    try {
      lan.build();
    } catch (RuntimeException e) {
      lan.close();
      throw e;
    }
    return lan;
  }

  private static void requireRootAndIp() {
    String user = System.getProperty("user.name");
    boolean root = "root".equals(user) || uid() == 0;
    if (!root) {
      throw new IllegalStateException(
          "netns tests need root (they create network namespaces); run as root or exclude tag"
              + " 'netns' explicitly");
    }
    try {
      run(List.of("ip", "-V"));
    } catch (IllegalStateException e) {
      throw new IllegalStateException("netns tests need iproute2's 'ip' command on the PATH", e);
    }
  }

  private static long uid() {
    try {
      Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return Long.parseLong(out);
    } catch (IOException | NumberFormatException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private void build() {
    String bridgeNs = bridgeNamespace();
    addNamespace(bridgeNs);
    run(List.of("ip", "-n", bridgeNs, "link", "add", "br0", "type", "bridge"));
    run(List.of("ip", "-n", bridgeNs, "link", "set", "br0", "up"));
    for (int i = 0; i < hosts; i++) {
      String ns = namespace(i);
      addNamespace(ns);
      String port = "p" + i;
      run(
          List.of(
              "ip", "-n", ns, "link", "add", "eth0", "address", mac(i), "type", "veth", "peer",
              "name", port, "netns", bridgeNs));
      run(List.of("ip", "-n", bridgeNs, "link", "set", port, "master", "br0"));
      run(List.of("ip", "-n", bridgeNs, "link", "set", port, "up"));
      run(List.of("ip", "-n", ns, "addr", "add", address(i) + "/24", "dev", "eth0"));
      run(List.of("ip", "-n", ns, "link", "set", "eth0", "up"));
      run(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
    }
    if (overlay) {
      // The bridge drops every multicast frame (broadcast still passes), as an overlay network
      // does: the hosts' interfaces still say MULTICAST, so mDNS starts and hears nothing.
      run(
          List.of("ip", "netns", "exec", bridgeNs, "nft", "-f", "-"),
          """
          table bridge overlay {
            chain forward {
              type filter hook forward priority 0; policy accept;
              ether daddr & 01:00:00:00:00:00 == 01:00:00:00:00:00 \
                ether daddr != ff:ff:ff:ff:ff:ff drop
            }
          }
          """);
      for (int i = 0; i < hosts; i++) {
        StringBuilder batch = new StringBuilder();
        for (int j = 0; j < hosts; j++) {
          if (j != i) {
            batch.append(
                "neigh replace %s lladdr %s dev eth0 nud permanent\n"
                    .formatted(address(j), mac(j)));
          }
        }
        run(List.of("ip", "-n", namespace(i), "-batch", "-"), batch.toString());
      }
    }
  }

  /** The host's fixed MAC address, so that neighbour entries can be written before any traffic. */
  public String mac(int host) {
    return "02:00:0a:d5:00:%02x".formatted(10 + host);
  }

  /**
   * Makes the host's resolver ask {@code nameserver} ({@code ip netns exec} mounts {@code
   * /etc/netns/<name>/resolv.conf} over {@code /etc/resolv.conf}).
   */
  public void resolvConf(int host, String nameserver) {
    Path dir = Path.of("/etc/netns", namespace(host));
    try {
      Files.createDirectories(dir);
      etcDirs.add(dir);
      Files.writeString(dir.resolve("resolv.conf"), "nameserver " + nameserver + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir, e);
    }
  }

  /** Takes the host's LAN interface down or up again (its address stays configured). */
  public void link(int host, boolean up) {
    run(List.of("ip", "-n", namespace(host), "link", "set", "eth0", up ? "up" : "down"));
  }

  /** Loads an nftables ruleset ({@code nft -f} syntax) into the host's namespace. */
  public void nft(int host, String ruleset) {
    run(inNamespace(host, List.of("nft", "-f", "-")), ruleset);
  }

  private void addNamespace(String ns) {
    run(List.of("ip", "netns", "add", ns));
    namespaces.add(ns);
  }

  private String bridgeNamespace() {
    return prefix + "br";
  }

  public String namespace(int host) {
    return prefix + "h" + host;
  }

  /** The host's address on the LAN. */
  public String address(int host) {
    return SUBNET_PREFIX + (10 + host);
  }

  public int hosts() {
    return hosts;
  }

  /** {@code command} prefixed so that it runs inside the host's namespace. */
  public List<String> inNamespace(int host, List<String> command) {
    List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", namespace(host)));
    out.addAll(command);
    return out;
  }

  @Override
  public void close() {
    for (int i = namespaces.size() - 1; i >= 0; i--) {
      try {
        run(List.of("ip", "netns", "del", namespaces.get(i)));
      } catch (IllegalStateException e) {
        // keep deleting the others; a leftover namespace is reported by the failure below
        System.err.println("netns cleanup: " + e.getMessage());
      }
    }
    namespaces.clear();
    for (Path dir : etcDirs) {
      try {
        Files.deleteIfExists(dir.resolve("resolv.conf"));
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        System.err.println("netns cleanup: " + e.getMessage());
      }
    }
    etcDirs.clear();
  }

  private static void run(List<String> command) {
    run(command, null);
  }

  private static void run(List<String> command, String input) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (OutputStream in = p.getOutputStream()) {
        if (input != null) {
          in.write(input.getBytes(StandardCharsets.UTF_8));
        }
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", command));
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
    }
  }
}
