package io.skiff.cli.bootstrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the bootstrap data with the token's secret: AES-256-GCM under a key derived with PBKDF2-HMAC-SHA256 and
 * a random salt (both from the JDK), the datastore key as associated data, so a value moved to another key does not
 * open. The stored form is a small JSON document naming the algorithm and its parameters.
 */
final class BootstrapCipher {
  private static final String KDF = "PBKDF2WithHmacSHA256";
  private static final int ITERATIONS = 20_000;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON = new ObjectMapper();

  private BootstrapCipher() {}

  /** The stored form. */
  record Sealed(int version, String kdf, int iterations, String salt, String nonce, String ciphertext) {}

  /** The secret does not open the value (a wrong token), or the value was changed. */
  static final class WrongSecret extends Exception {
    WrongSecret(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static byte[] seal(String secret, String associated, byte[] plaintext) {
    byte[] salt = random(16);
    byte[] nonce = random(12);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key(secret, salt, ITERATIONS), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(plaintext);
      Base64.Encoder b64 = Base64.getEncoder();
      return JSON.writeValueAsBytes(new Sealed(1, KDF, ITERATIONS, b64.encodeToString(salt), b64.encodeToString(nonce), b64.encodeToString(sealed)));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot encrypt the bootstrap data", e);
    }
  }

  static byte[] open(String secret, String associated, byte[] stored) throws WrongSecret {
    Sealed s;
    try {
      s = JSON.readValue(stored, Sealed.class);
    } catch (IOException e) {
      throw new WrongSecret("the bootstrap data in the datastore is not readable", e);
    }
    if (s.version() != 1 || !KDF.equals(s.kdf()) || s.iterations() < 1) {
      throw new WrongSecret("the bootstrap data in the datastore has an unknown format (version " + s.version() + ", " + s.kdf() + ")", null);
    }
    Base64.Decoder b64 = Base64.getDecoder();
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key(secret, b64.decode(s.salt()), s.iterations()), new GCMParameterSpec(TAG_BITS, b64.decode(s.nonce())));
      c.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
      return c.doFinal(b64.decode(s.ciphertext()));
    } catch (AEADBadTagException e) {
      throw new WrongSecret("the token does not decrypt the cluster's bootstrap data", e);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new WrongSecret("the bootstrap data in the datastore cannot be decrypted: " + e.getMessage(), e);
    }
  }

  private static SecretKeySpec key(String secret, byte[] salt, int iterations) throws GeneralSecurityException {
    PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, 256);
    try {
      return new SecretKeySpec(SecretKeyFactory.getInstance(KDF).generateSecret(spec).getEncoded(), "AES");
    } finally {
      spec.clearPassword();
    }
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
