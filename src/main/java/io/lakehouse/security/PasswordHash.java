package io.lakehouse.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
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

  /**
   * Recently verified logins, so a pool opening many connections pays the slow derivation once per user (as Trino's
   * password authenticators do): catalog hash → (SHA-256 of salt and password, time). Only successes are cached, so
   * guessing still costs a full derivation per guess.
   */
  private static final long CACHE_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
  private static final int CACHE_SIZE = 1024;
  private static final Map<String, Verified> VERIFIED = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
      return size() > CACHE_SIZE;
    }
  };

  private record Verified(byte[] digest, long at) {}

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
    byte[] quick = hash == null || password == null ? null : quickDigest(password, hash);
    if (quick != null) {
      synchronized (VERIFIED) {
        Verified v = VERIFIED.get(hash);
        if (v != null && System.nanoTime() - v.at() < CACHE_NANOS && MessageDigest.isEqual(v.digest(), quick)) {
          return true;
        }
      }
    }
    boolean ok = derivedMatches(password, hash);
    if (ok && quick != null) {
      synchronized (VERIFIED) {
        VERIFIED.put(hash, new Verified(quick, System.nanoTime()));
      }
    }
    return ok;
  }

  private static byte[] quickDigest(char[] password, String hash) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(hash.getBytes(StandardCharsets.UTF_8));
      sha.update(new String(password).getBytes(StandardCharsets.UTF_8));
      return sha.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every Java 17 runtime", e);
    }
  }

  private static boolean derivedMatches(char[] password, String hash) {
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
