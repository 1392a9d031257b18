package io.bzzz.p2p.security.pnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.wire.MalformedInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwarmKeyTest {
  private static final String HEX =
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
  private static final String FILE = "/key/swarm/psk/1.0.0/\n/base16/\n" + HEX;

  @TempDir Path dir;

  @Test
  void parsesTheSwarmKeyFormatWithOrWithoutATrailingNewlineOrCrlf() {
    SwarmKey key = SwarmKey.parse(FILE);
    assertThat(SwarmKey.parse(FILE + "\n").fingerprint()).isEqualTo(key.fingerprint());
    assertThat(SwarmKey.parse(FILE.replace("\n", "\r\n")).fingerprint())
        .isEqualTo(key.fingerprint());
    assertThat(SwarmKey.parse(FILE.replace(HEX, HEX.toUpperCase(Locale.ROOT))).fingerprint())
        .isEqualTo(key.fingerprint());
    assertThat(SwarmKey.format(HexFormat.of().parseHex(HEX))).isEqualTo(FILE + "\n");
  }

  @Test
  void rejectsOtherFormatsWithAClearMessage() {
    assertThatThrownBy(() -> SwarmKey.parse(HEX))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("/key/swarm/psk/1.0.0/");
    assertThatThrownBy(() -> SwarmKey.parse(FILE.replace("/base16/", "/base64/")))
        .hasMessageContaining("unsupported swarm key encoding /base64/");
    assertThatThrownBy(() -> SwarmKey.parse(FILE.substring(0, FILE.length() - 2)))
        .hasMessageContaining("64 hex digits");
    assertThatThrownBy(() -> SwarmKey.parse(FILE.replace("00", "zz")))
        .hasMessageContaining("64 hex digits");
  }

  @Test
  void neverShowsTheKey() {
    assertThat(SwarmKey.parse(FILE).toString()).doesNotContain(HEX.substring(0, 16));
  }

  @Test
  void aKeyFileOthersCanReadIsRefused() throws IOException {
    Path file = dir.resolve("swarm.key");
    Files.writeString(file, FILE);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> SwarmKey.load(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("accessible by others (mode 0644)")
        .hasMessageContaining("chmod 600");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThat(SwarmKey.load(file).fingerprint()).isEqualTo(SwarmKey.parse(FILE).fingerprint());
    assertThatThrownBy(() -> SwarmKey.load(dir.resolve("missing")))
        .hasMessageContaining("cannot read swarm key");
  }

  /**
   * The key stream of XSalsa20(key 00..1f, nonce 40..57) and the encryption of the multistream
   * header, as the npm {@code xsalsa20} package that {@code @libp2p/pnet} uses produces them.
   */
  @Test
  void theCipherMatchesTheReferenceImplementationsVectors() {
    SwarmKey key = SwarmKey.parse(FILE);
    byte[] nonce = new byte[24];
    for (int i = 0; i < 24; i++) {
      nonce[i] = (byte) (0x40 + i);
    }
    byte[] stream = new byte[80];
    PrivateNetwork.cipher(key, nonce).processBytes(new byte[80], 0, 80, stream, 0);
    assertThat(HexFormat.of().formatHex(stream))
        .isEqualTo(
            "f97f0c229fd953ef0080e833bd9cf90d25ad7f4489ddd636717f1a6bbc7daf994a1755793a51bb2ac6"
                + "59716168895af1ce3746546d435fc8e4d522caf9d98354d4346911eeb7c604594c1c7931f25a2f");
    byte[] header = "/multistream/1.0.0\n".getBytes(StandardCharsets.US_ASCII);
    byte[] sealed = new byte[header.length];
    PrivateNetwork.cipher(key, nonce).processBytes(header, 0, header.length, sealed, 0);
    assertThat(HexFormat.of().formatHex(sealed))
        .isEqualTo("d612794eebb0209b72e5895e92add73d0b9d75");
  }

  @Test
  void protectSendsItsNonceFirstAndEnciphersAfterIt() throws IOException {
    SwarmKey key = SwarmKey.parse(FILE);
    byte[] peerNonce = new byte[24];
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    PrivateNetwork.Protected p =
        PrivateNetwork.protect(new ByteArrayInputStream(peerNonce), wire, key, new SecureRandom());
    p.out().write("hello".getBytes(StandardCharsets.US_ASCII));
    byte[] sent = wire.toByteArray();
    assertThat(sent).hasSize(24 + 5);
    byte[] ourNonce = java.util.Arrays.copyOf(sent, 24);
    byte[] plain = new byte[5];
    PrivateNetwork.cipher(key, ourNonce).processBytes(sent, 24, 5, plain, 0);
    assertThat(new String(plain, StandardCharsets.US_ASCII)).isEqualTo("hello");
    assertThatThrownBy(
            () ->
                PrivateNetwork.protect(
                    new ByteArrayInputStream(new byte[3]),
                    new ByteArrayOutputStream(),
                    key,
                    new SecureRandom()))
        .hasMessageContaining("closed before sending its nonce");
  }
}
