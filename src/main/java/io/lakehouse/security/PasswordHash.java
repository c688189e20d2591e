package io.lakehouse.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted, slow password hashes for the catalog's principals: {@code pbkdf2-sha256:<iterations>:<salt>:<hash>}
 * (PBKDF2 with HMAC-SHA256, base64 salt and hash), from the JDK alone. The catalog stores only the hash; it is
 * made with {@code io.lakehouse.cli.HashPassword}.
 */
public final class PasswordHash {
  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 600_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final String PREFIX = "pbkdf2-sha256";
  /** Checked against when the user is unknown, so an unknown user costs the same time as a wrong password. */
  private static final class Dummy {
    static final String HASH = create(new char[] {'x'}, DEFAULT_ITERATIONS);
  }

  private PasswordHash() {}

  public static String create(char[] password, int iterations) {
    byte[] salt = new byte[SALT_BYTES];
    new SecureRandom().nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder();
    return PREFIX + ":" + iterations + ":" + b64.encodeToString(salt) + ":"
        + b64.encodeToString(derive(password, salt, iterations));
  }

  /**
   * Whether the password matches the hash, in time independent of where they differ. A null hash (unknown
   * user, or a principal without a password) never matches but costs a comparable derivation.
   */
  public static boolean verify(char[] password, String hash) {
    String h = hash == null ? Dummy.HASH : hash;
    String[] parts = h.split(":");
    if (parts.length != 4 || !parts[0].equals(PREFIX)) {
      return false;
    }
    int iterations;
    try {
      iterations = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      return false;
    }
    if (iterations < 1) {
      return false;
    }
    Base64.Decoder b64 = Base64.getDecoder();
    byte[] expected;
    byte[] salt;
    try {
      salt = b64.decode(parts[2]);
      expected = b64.decode(parts[3]);
    } catch (IllegalArgumentException e) {
      return false;
    }
    byte[] actual = derive(password == null ? new char[0] : password, salt, iterations);
    return MessageDigest.isEqual(expected, actual) && hash != null;
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
    } finally {
      spec.clearPassword();
    }
  }
}
