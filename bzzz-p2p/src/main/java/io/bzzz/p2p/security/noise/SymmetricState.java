package io.bzzz.p2p.security.noise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Noise SymmetricState for {@code Noise_XX_25519_ChaChaPoly_SHA256}: chaining key, handshake hash
 * and the optional handshake cipher (MixHash, MixKey, EncryptAndHash, DecryptAndHash, Split). One
 * instance per handshake; it keeps its digest, MAC and handshake cipher objects across the steps
 * instead of looking them up in the JDK's provider list for each (a handshake hashes about eight
 * times and derives twelve HMACs).
 */
final class SymmetricState {
  static final byte[] PROTOCOL_NAME =
      "Noise_XX_25519_ChaChaPoly_SHA256".getBytes(StandardCharsets.US_ASCII);

  private final MessageDigest sha = sha256();
  private final Mac mac = hmacSha256();
  private byte[] ck;
  private byte[] h;
  private Optional<CipherState> cipher = Optional.empty();

  SymmetricState() {
    // The name is exactly 32 bytes (HASHLEN), so h is the name itself, not its hash.
    h = PROTOCOL_NAME.clone();
    ck = h.clone();
    mixHash(new byte[0]); // empty prologue, as js and go use
  }

  void mixHash(byte[] data) {
    sha.update(h);
    sha.update(data);
    h = sha.digest();
  }

  void mixKey(byte[] inputKeyMaterial) {
    byte[][] out = hkdf(ck, inputKeyMaterial);
    ck = out[0];
    cipher =
        Optional.of(cipher.map(c -> c.rekeyed(out[1])).orElseGet(() -> new CipherState(out[1])));
  }

  byte[] encryptAndHash(byte[] plaintext) throws NoiseException {
    if (cipher.isEmpty()) {
      mixHash(plaintext);
      return plaintext.clone();
    }
    byte[] out = new byte[plaintext.length + CipherState.TAG_SIZE];
    cipher.get().encrypt(h, plaintext, 0, plaintext.length, out, 0);
    mixHash(out);
    return out;
  }

  byte[] decryptAndHash(byte[] ciphertext) throws NoiseException {
    if (cipher.isEmpty()) {
      mixHash(ciphertext);
      return ciphertext.clone();
    }
    if (ciphertext.length < CipherState.TAG_SIZE) {
      throw new NoiseException("handshake ciphertext shorter than its tag");
    }
    byte[] out = new byte[ciphertext.length - CipherState.TAG_SIZE];
    cipher.get().decrypt(h, ciphertext, 0, ciphertext.length, out, 0);
    mixHash(ciphertext);
    return out;
  }

  boolean hasKey() {
    return cipher.isPresent();
  }

  /** Returns the initiator-to-responder and responder-to-initiator cipher states. */
  CipherState[] split() {
    byte[][] keys = hkdf(ck, new byte[0]);
    return new CipherState[] {new CipherState(keys[0]), new CipherState(keys[1])};
  }

  byte[] handshakeHash() {
    return h.clone();
  }

  private byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial) {
    byte[] temp = hmac(chainingKey, inputKeyMaterial);
    byte[] out1 = hmac(temp, new byte[] {1});
    byte[] in2 = Arrays.copyOf(out1, out1.length + 1);
    in2[out1.length] = 2;
    byte[] out2 = hmac(temp, in2);
    return new byte[][] {out1, out2};
  }

  private byte[] hmac(byte[] key, byte[] data) {
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 refused a 32-byte key", e);
    }
  }

  private static Mac hmacSha256() {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
