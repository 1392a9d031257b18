package io.bzzz.p2p.security.noise;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Noise CipherState for ChaChaPoly: a 32-byte key and a 64-bit nonce sent as {@code 0^4 ||
 * uint64_le(n)}. Uses the JDK's ChaCha20-Poly1305 (intrinsified on x86-64). Not thread-safe; each
 * direction of a channel has its own instance and one owner.
 */
final class CipherState {
  static final int TAG_SIZE = 16;
  private static final long MAX_NONCE = -1L; // 2^64 - 1 is reserved by the spec

  private final SecretKeySpec key;
  private final Cipher cipher;
  private final byte[] nonceBytes = new byte[12];
  private long nonce;

  CipherState(byte[] key) {
    this(key, newCipher());
  }

  private CipherState(byte[] key, Cipher cipher) {
    this.key = new SecretKeySpec(key, "ChaCha20");
    this.cipher = cipher;
  }

  /**
   * A state with {@code newKey} and nonce 0 that takes over this one's JDK cipher object; this
   * state must not be used again (the handshake's MixKey replaces its cipher state this way).
   */
  CipherState rekeyed(byte[] newKey) {
    return new CipherState(newKey, cipher);
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("ChaCha20-Poly1305");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 is not available in this JDK", e);
    }
  }

  /** Encrypts {@code len} bytes into {@code out} (len + 16 bytes); returns the bytes written. */
  int encrypt(byte[] ad, byte[] in, int off, int len, byte[] out, int outOff)
      throws NoiseException {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, nextNonce());
      if (ad.length > 0) {
        cipher.updateAAD(ad);
      }
      return cipher.doFinal(in, off, len, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new NoiseException("encryption failed", e);
    }
  }

  /** Decrypts and authenticates; returns the plaintext length (len - 16). */
  int decrypt(byte[] ad, byte[] in, int off, int len, byte[] out, int outOff)
      throws NoiseException {
    if (len < TAG_SIZE) {
      throw new NoiseException("ciphertext shorter than its 16-byte tag");
    }
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, nextNonce());
      if (ad.length > 0) {
        cipher.updateAAD(ad);
      }
      return cipher.doFinal(in, off, len, out, outOff);
    } catch (AEADBadTagException e) {
      throw new NoiseException("message authentication failed (bad tag)", e);
    } catch (GeneralSecurityException e) {
      throw new NoiseException("decryption failed", e);
    }
  }

  private IvParameterSpec nextNonce() throws NoiseException {
    if (nonce == MAX_NONCE) {
      throw new NoiseException("nonce exhausted; the channel must be closed");
    }
    long n = nonce++;
    for (int i = 0; i < 8; i++) {
      nonceBytes[4 + i] = (byte) (n >>> (8 * i));
    }
    return new IvParameterSpec(nonceBytes);
  }
}
