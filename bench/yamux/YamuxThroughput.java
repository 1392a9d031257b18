import io.bzzz.p2p.mux.MuxedStream;
import io.bzzz.p2p.mux.yamux.YamuxConfig;
import io.bzzz.p2p.mux.yamux.YamuxSession;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Yamux echo throughput over loopback TCP (no Noise): Bzzz's Java session pair beside a pair of
 * js-libp2p muxers (@chainsafe/libp2p-yamux, interop/yamux-peer.mjs) measured in the same run.
 * Each case opens S streams at once and echoes B bytes on each; MB/s counts the bytes sent one
 * way (S x B) over the wall time until every echo has been checked. Run with bench/yamux/run.sh.
 */
public final class YamuxThroughput {
  private static final int MIB = 1024 * 1024;
  private static final int REPEATS = 3;

  record Case(int streams, int bytes) {
    String label() {
      return streams + " x " + (bytes / MIB) + " MiB";
    }
  }

  public static void main(String[] args) throws Exception {
    Path interop = Path.of(args.length > 0 ? args[0] : "interop").toAbsolutePath();
    List<Case> cases = List.of(new Case(1, 64 * MIB), new Case(10, 8 * MIB), new Case(100, MIB));
    javaEcho(new Case(20, 4 * MIB)); // warm-up
    System.out.printf("%-16s %12s %12s %8s%n", "streams x size", "java MB/s", "js MB/s", "ratio");
    for (Case c : cases) {
      double java = best(() -> javaEcho(c));
      boolean haveJs = Files.isDirectory(interop.resolve("node_modules"));
      double js = haveJs ? best(() -> jsEcho(interop, c)) : Double.NaN;
      System.out.printf("%-16s %12.1f %12.1f %8.2f%n", c.label(), java, js, java / js);
    }
  }

  interface Run {
    double mbPerSecond() throws Exception;
  }

  private static double best(Run run) throws Exception {
    double[] results = new double[REPEATS];
    for (int i = 0; i < REPEATS; i++) {
      results[i] = run.mbPerSecond();
    }
    return Arrays.stream(results).max().orElseThrow();
  }

  private static double javaEcho(Case c) throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket dialer = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        Socket accepted = listener.accept();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      dialer.setTcpNoDelay(true);
      accepted.setTcpNoDelay(true);
      YamuxSession client = session(dialer, true);
      YamuxSession server = session(accepted, false);
      threads.submit(() -> echoAll(server, threads));
      byte[] payload = new byte[c.bytes()];
      new Random(1).nextBytes(payload);
      long start = System.nanoTime();
      List<Future<byte[]>> echoes = new ArrayList<>();
      for (int i = 0; i < c.streams(); i++) {
        MuxedStream stream = client.openStream();
        threads.submit(
            () -> {
              stream.out().write(payload);
              stream.closeWrite();
              return null;
            });
        echoes.add(threads.submit(() -> stream.in().readAllBytes()));
      }
      for (Future<byte[]> echo : echoes) {
        if (!Arrays.equals(echo.get(), payload)) {
          throw new IllegalStateException("echo mismatch");
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      client.close();
      server.close();
      return (double) c.streams() * c.bytes() / MIB / seconds;
    }
  }

  private static YamuxSession session(Socket socket, boolean client) throws IOException {
    YamuxSession session =
        new YamuxSession(
            socket.getInputStream(),
            socket.getOutputStream(),
            socket,
            client,
            YamuxConfig.defaults());
    session.start();
    return session;
  }

  private static Void echoAll(YamuxSession server, ExecutorService threads) throws Exception {
    try {
      while (true) {
        MuxedStream stream = server.acceptStream();
        threads.submit(
            () -> {
              byte[] buf = new byte[64 * 1024];
              int n;
              while ((n = stream.in().read(buf)) >= 0) {
                stream.out().write(buf, 0, n);
              }
              stream.closeWrite();
              return null;
            });
      }
    } catch (EOFException e) {
      return null;
    }
  }

  private static double jsEcho(Path interop, Case c) throws Exception {
    Process listener = node(interop, "listen");
    try (BufferedReader out = reader(listener)) {
      String port = out.readLine().split(" ")[1];
      Process dialer =
          node(interop, "dial", port, String.valueOf(c.streams()), String.valueOf(c.bytes()));
      try (BufferedReader dialOut = reader(dialer)) {
        String line;
        while ((line = dialOut.readLine()) != null && !line.startsWith("echoed ")) {
          // skip
        }
        if (line == null) {
          throw new IllegalStateException("js dialer ended without a result");
        }
        double millis = Double.parseDouble(line.split(" ")[3]);
        return (double) c.streams() * c.bytes() / MIB / (millis / 1000);
      } finally {
        dialer.destroy();
        dialer.waitFor();
      }
    } finally {
      listener.destroy();
      listener.waitFor();
    }
  }

  private static Process node(Path interop, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("node", "yamux-peer.mjs"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .directory(interop.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static BufferedReader reader(Process p) {
    return new BufferedReader(new InputStreamReader(p.getInputStream()));
  }
}
