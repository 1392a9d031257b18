package io.bzzz.p2p.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoReasonTest {
  @TempDir Path dir;

  @Test
  void fileFailuresGiveTheReasonNotThePath() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("sub"));
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertThat(reason(() -> Files.readAllBytes(dir.resolve("missing"))))
        .isEqualTo("no such file or directory");
    assertThat(reason(() -> Files.readAllBytes(sub))).isEqualTo("is a directory");
    assertThat(reason(() -> Files.createDirectory(file))).isEqualTo("already exists");
    assertThat(
            reason(
                () -> {
                  try (var entries = Files.newDirectoryStream(file)) {
                    assertThat(entries).isNotNull();
                  }
                }))
        .isEqualTo("not a directory");
  }

  @Test
  void aRefusedConnectionSaysSo() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    int port = closed;
    assertThat(reason(() -> new Socket(InetAddress.getLoopbackAddress(), port).close()))
        .isEqualTo("connection refused");
    // the JDK's HTTP client throws a ConnectException without a message
    assertThat(IoReason.of(new ConnectException())).isEqualTo("connection refused");
    assertThat(IoReason.of(new IOException())).isEqualTo("IOException");
  }

  private interface Io {
    void run() throws IOException;
  }

  private static String reason(Io io) {
    Throwable t = catchThrowable(io::run);
    assertThat(t).isInstanceOf(IOException.class);
    return IoReason.of(t);
  }
}
