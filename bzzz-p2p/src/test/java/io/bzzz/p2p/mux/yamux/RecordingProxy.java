package io.bzzz.p2p.mux.yamux;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A TCP proxy between two Yamux endpoints that parses every frame it forwards and keeps the
 * per-stream flow-control books the spec defines, so tests can assert that no side ever sent more
 * than the other granted. Frames are recorded before they are forwarded, so a window update is
 * always on the books before the sender can act on it.
 */
final class RecordingProxy implements AutoCloseable {
  enum Direction {
    TO_SERVER,
    TO_CLIENT
  }

  record Recorded(Direction direction, YamuxFrame frame) {}

  private final Loopback clientSide = Loopback.connect();
  private final Loopback serverSide = Loopback.connect();
  private final List<Recorded> frames = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private final Map<Direction, Map<Integer, Long>> credit = new EnumMap<>(Direction.class);
  private long largestCredit;
  private final List<Thread> pumps;

  RecordingProxy() {
    credit.put(Direction.TO_SERVER, new HashMap<>());
    credit.put(Direction.TO_CLIENT, new HashMap<>());
    pumps =
        List.of(
            Thread.ofVirtual()
                .start(() -> pump(clientSide.listener(), serverSide.dialer(), Direction.TO_SERVER)),
            Thread.ofVirtual()
                .start(
                    () -> pump(serverSide.dialer(), clientSide.listener(), Direction.TO_CLIENT)));
  }

  /** The socket the client (dialer) session runs on. */
  Socket clientSocket() {
    return clientSide.dialer();
  }

  /** The socket the server (listener) session runs on. */
  Socket serverSocket() {
    return serverSide.listener();
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  synchronized List<Recorded> frames() {
    return List.copyOf(frames);
  }

  /** The largest window either side was ever granted on one stream. */
  synchronized long largestCredit() {
    return largestCredit;
  }

  synchronized long dataBytes(Direction direction, int streamId) {
    return frames.stream()
        .filter(r -> r.direction() == direction)
        .map(Recorded::frame)
        .filter(f -> f.type() == YamuxFrame.Type.DATA && f.streamId() == streamId)
        .mapToLong(YamuxFrame::length)
        .sum();
  }

  private synchronized void record(Direction direction, YamuxFrame frame) {
    frames.add(new Recorded(direction, frame));
    int id = frame.streamId();
    if (id == 0
        || frame.type() == YamuxFrame.Type.PING
        || frame.type() == YamuxFrame.Type.GO_AWAY) {
      return;
    }
    if (frame.has(YamuxFrame.SYN)) {
      credit.get(Direction.TO_SERVER).putIfAbsent(id, (long) YamuxFrame.INITIAL_WINDOW);
      credit.get(Direction.TO_CLIENT).putIfAbsent(id, (long) YamuxFrame.INITIAL_WINDOW);
    }
    if (frame.type() == YamuxFrame.Type.DATA) {
      long left = credit.get(direction).getOrDefault(id, 0L) - frame.length();
      if (left < 0) {
        violations.add(direction + " stream " + id + " exceeded its window by " + -left);
      }
      credit.get(direction).put(id, left);
    } else if (!frame.has(YamuxFrame.RST)) {
      Direction granted =
          direction == Direction.TO_SERVER ? Direction.TO_CLIENT : Direction.TO_SERVER;
      long now = credit.get(granted).merge(id, frame.length(), Long::sum);
      largestCredit = Math.max(largestCredit, now);
    }
  }

  private void pump(Socket from, Socket to, Direction direction) {
    try {
      DataInputStream in = new DataInputStream(from.getInputStream());
      OutputStream out = to.getOutputStream();
      byte[] header = new byte[YamuxFrame.HEADER_LENGTH];
      while (true) {
        in.readFully(header);
        YamuxFrame frame = YamuxCodec.decode(header, 0, Integer.MAX_VALUE);
        record(direction, frame);
        byte[] payload =
            frame.type() == YamuxFrame.Type.DATA
                ? in.readNBytes((int) frame.length())
                : new byte[0];
        byte[] both = new byte[header.length + payload.length];
        System.arraycopy(header, 0, both, 0, header.length);
        System.arraycopy(payload, 0, both, header.length, payload.length);
        out.write(both);
        out.flush();
      }
    } catch (IOException e) {
      closeQuietly();
    }
  }

  private void closeQuietly() {
    try {
      clientSide.close();
      serverSide.close();
    } catch (IOException e) {
      // closing on the way out
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    clientSide.close();
    serverSide.close();
    for (Thread pump : pumps) {
      pump.join();
    }
  }
}
