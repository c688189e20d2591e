package io.lakehouse.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypted catalog secrets: {@code enc:v1:<base64(12-byte IV | AES-256-GCM ciphertext+tag)>}. The key comes from
 * the environment: {@code LAKEHOUSE_SECRET_KEY} (base64 of 32 bytes), or a Java KeyStore named by
 * {@code LAKEHOUSE_KEYSTORE} (PKCS12/JCEKS) with {@code LAKEHOUSE_KEYSTORE_PASSWORD} and the alias
 * {@code LAKEHOUSE_KEY_ALIAS} (default {@code lakehouse}). {@code io.lakehouse.cli.EncryptSecret} makes the values.
 */
public final class SecretCipher {
  static final String PREFIX = "enc:v1:";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private SecretCipher() {}

  public static String encrypt(String plain, SecretKey key) throws GeneralSecurityException {
    byte[] iv = new byte[IV_BYTES];
    new SecureRandom().nextBytes(iv);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
    byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
    byte[] out = new byte[iv.length + ct.length];
    System.arraycopy(iv, 0, out, 0, iv.length);
    System.arraycopy(ct, 0, out, iv.length, ct.length);
    return PREFIX + Base64.getEncoder().encodeToString(out);
  }

  static String decrypt(String value, SecretKey key) throws GeneralSecurityException {
    byte[] all = Base64.getDecoder().decode(value.substring(PREFIX.length()));
    if (all.length <= IV_BYTES) {
      throw new GeneralSecurityException("too short");
    }
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
    return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
  }

  /** The key from the environment (see the class comment). */
  public static SecretKey key(Function<String, String> env) throws GeneralSecurityException, IOException {
    String raw = env.apply("LAKEHOUSE_SECRET_KEY");
    if (raw != null) {
      byte[] bytes = Base64.getDecoder().decode(raw.strip());
      if (bytes.length != 32) {
        throw new GeneralSecurityException("LAKEHOUSE_SECRET_KEY must be base64 of 32 bytes");
      }
      return new SecretKeySpec(bytes, "AES");
    }
    String store = env.apply("LAKEHOUSE_KEYSTORE");
    if (store == null) {
      throw new GeneralSecurityException("no key: set LAKEHOUSE_SECRET_KEY or LAKEHOUSE_KEYSTORE");
    }
    char[] password = String.valueOf(env.apply("LAKEHOUSE_KEYSTORE_PASSWORD")).toCharArray();
    String alias = env.apply("LAKEHOUSE_KEY_ALIAS") == null ? "lakehouse" : env.apply("LAKEHOUSE_KEY_ALIAS");
    KeyStore ks = KeyStore.getInstance(store.endsWith(".jceks") ? "JCEKS" : "PKCS12");
    try (InputStream in = Files.newInputStream(Path.of(store))) {
      ks.load(in, password);
    }
    if (!(ks.getKey(alias, password) instanceof SecretKey k)) {
      throw new GeneralSecurityException("no secret key with alias " + alias + " in the key store");
    }
    return k;
  }
}
