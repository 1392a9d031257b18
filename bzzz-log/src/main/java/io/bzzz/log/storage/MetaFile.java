package io.bzzz.log.storage;

import io.bzzz.log.sign.KeyMode;
import io.bzzz.log.sign.LogIdentity;
import io.bzzz.log.sign.Manifest;
import io.bzzz.p2p.crypto.PublicKey;
import io.bzzz.wire.MalformedInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The {@code meta} file, written once at creation: magic "BZLOGMT1", format version, key mode,
 * signer public key[32], manifest namespace[32] (zeros in compat mode), crc32c.
 */
final class MetaFile {
  static final int SIZE = 78;
  private static final byte[] MAGIC =
      "BZLOGMT1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  private MetaFile() {}

  static byte[] encode(LogIdentity identity) {
    ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) VERSION).put((byte) identity.mode().code());
    b.put(identity.signer().raw());
    b.put(identity.manifest().map(Manifest::namespace).orElse(new byte[32]));
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, SIZE - 4);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  static LogIdentity decode(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new StorageException("meta file has " + bytes.length + " bytes, expected " + SIZE);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, SIZE - 4);
    if (b.getInt(SIZE - 4) != (int) crc.getValue()) {
      throw new StorageException("meta file is damaged (checksum mismatch)");
    }
    byte[] magic = new byte[8];
    b.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new StorageException("not a bzzz log directory (bad meta magic)");
    }
    int version = b.get();
    if (version != VERSION) {
      throw new StorageException("unsupported log format version " + version);
    }
    int code = b.get();
    KeyMode mode =
        KeyMode.fromCode(code).orElseThrow(() -> new StorageException("unknown key mode " + code));
    byte[] pk = new byte[32];
    byte[] ns = new byte[32];
    b.get(pk).get(ns);
    PublicKey signer;
    try {
      signer = PublicKey.fromRaw(pk);
    } catch (MalformedInputException e) {
      throw new StorageException("meta file holds an invalid signer key: " + e.getMessage(), e);
    }
    return switch (mode) {
      case COMPAT -> LogIdentity.of(KeyMode.COMPAT, signer);
      case MANIFEST -> LogIdentity.ofManifest(new Manifest(ns, signer));
    };
  }
}
