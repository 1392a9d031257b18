package io.bzzz.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private LAN of network namespaces for tests (tag {@code netns}): one namespace holds a bridge,
 * each host namespace has one veth on it with address {@code 10.213.0.<10+i>/24} and its own
 * loopback. Nothing touches the root namespace. Needs root and iproute2; {@link #create} fails
 * loudly without them (CI runs as root), it never skips. {@link #close} deletes every namespace,
 * which removes the veths and the bridge with them.
 */
public final class NetnsLan implements AutoCloseable {
  public static final String SUBNET_PREFIX = "10.213.0.";

  private final String prefix;
  private final List<String> namespaces = new ArrayList<>();
  private final int hosts;

  private NetnsLan(String prefix, int hosts) {
    this.prefix = prefix;
    this.hosts = hosts;
  }

  public static NetnsLan create(int hosts) {
    requireRootAndIp();
    String prefix = "bzzz" + ProcessHandle.current().pid() + "x" + (System.nanoTime() % 10000);
    NetnsLan lan = new NetnsLan(prefix, hosts);
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
              "ip", "-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", port, "netns",
              bridgeNs));
      run(List.of("ip", "-n", bridgeNs, "link", "set", port, "master", "br0"));
      run(List.of("ip", "-n", bridgeNs, "link", "set", port, "up"));
      run(List.of("ip", "-n", ns, "addr", "add", address(i) + "/24", "dev", "eth0"));
      run(List.of("ip", "-n", ns, "link", "set", "eth0", "up"));
      run(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
    }
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
  }

  private static void run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
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
