package io.lakehouse.config;

import static io.lakehouse.testing.SqlAssert.assertMessageContains;
import static io.lakehouse.testing.SqlAssert.assertMessageLacks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.LakehouseSqlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret references: environment, file, AES-GCM encrypted values; and redaction of every known secret. */
class SecretsTest {
  @TempDir
  Path dir;

  private static String newKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  @Test
  void environmentFileAndLiteral() throws Exception {
    Path file = dir.resolve("sas");
    Files.writeString(file, "sv=2024&sig=from-a-file\n");
    Secrets s = Secrets.of(Map.of("EXT_ID", "external-id-from-env"));
    assertEquals("external-id-from-env", s.resolve("${env:EXT_ID}", "k"));
    assertEquals("sv=2024&sig=from-a-file", s.resolve("${file:" + file + "}", "k"));
    assertEquals("plain-literal", s.resolve("plain-literal", "k"));
    SQLException e = assertThrows(SQLException.class, () -> s.resolve("${env:NOPE}", "storage.p.credentials.key"));
    assertMessageContains(e, "storage.p.credentials.key", "NOPE");
  }

  @Test
  void encryptedValuesRoundTripAndFailWithoutLeaking() throws Exception {
    String key = newKey();
    String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    String enc = SecretCipher.encrypt(secret, new SecretKeySpec(Base64.getDecoder().decode(key), "AES"));
    assertTrue(enc.startsWith("enc:v1:"));
    assertFalse(enc.contains(secret));
    assertNotEquals(enc, SecretCipher.encrypt(secret, new SecretKeySpec(Base64.getDecoder().decode(key), "AES")),
        "a fresh IV each time");
    assertEquals(secret, Secrets.of(Map.of("LAKEHOUSE_SECRET_KEY", key)).resolve(enc, "k"));

    SQLException wrong = assertThrows(SQLException.class,
        () -> Secrets.of(Map.of("LAKEHOUSE_SECRET_KEY", newKey())).resolve(enc, "storage.p.credentials.token"));
    assertMessageContains(wrong, "storage.p.credentials.token");
    SQLException none = assertThrows(SQLException.class, () -> Secrets.of(Map.of()).resolve(enc, "k"));
    assertMessageContains(none, "LAKEHOUSE_SECRET_KEY");
    String tampered = enc.substring(0, enc.length() - 4) + (enc.endsWith("AAAA") ? "BBBB" : "AAAA");
    assertThrows(SQLException.class, () -> Secrets.of(Map.of("LAKEHOUSE_SECRET_KEY", key)).resolve(tampered, "k"));
  }

  @Test
  void resolvedSecretsAreRedactedFromDriverMessages() throws Exception {
    String secret = "super-secret-token-" + System.nanoTime();
    Secrets.of(Map.of("T", secret)).resolve("${env:T}", "k");
    LakehouseSqlException e = new LakehouseSqlException("failed with " + secret + " inside", io.lakehouse.SqlState.GENERAL);
    assertMessageLacks(e, secret);
    assertMessageContains(e, "****");
  }

  @Test
  void keyFromAJavaKeyStore() throws Exception {
    javax.crypto.SecretKey key = new SecretKeySpec(Base64.getDecoder().decode(newKey()), "AES");
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    char[] password = "store-password".toCharArray();
    ks.setEntry("lakehouse", new java.security.KeyStore.SecretKeyEntry(key),
        new java.security.KeyStore.PasswordProtection(password));
    Path store = dir.resolve("keys.p12");
    try (var out = Files.newOutputStream(store)) {
      ks.store(out, password);
    }
    String enc = SecretCipher.encrypt("from-a-key-store", key);
    assertEquals("from-a-key-store", Secrets.of(Map.of("LAKEHOUSE_KEYSTORE", store.toString(),
        "LAKEHOUSE_KEYSTORE_PASSWORD", "store-password")).resolve(enc, "k"));
    assertThrows(SQLException.class, () -> Secrets.of(Map.of("LAKEHOUSE_KEYSTORE", store.toString(),
        "LAKEHOUSE_KEYSTORE_PASSWORD", "store-password", "LAKEHOUSE_KEY_ALIAS", "other")).resolve(enc, "k"));
  }

  @Test
  void encryptCommandMakesKeysAndValuesTheDriverReads() throws Exception {
    java.io.PrintStream out = System.out;
    java.io.InputStream in = System.in;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    try {
      System.setOut(new java.io.PrintStream(printed, true));
      io.lakehouse.cli.EncryptSecret.main(new String[] {"--new-key"});
    } finally {
      System.setOut(out);
      System.setIn(in);
    }
    String key = printed.toString().strip();
    assertEquals(32, Base64.getDecoder().decode(key).length);
    String enc = SecretCipher.encrypt("made-by-the-command-key", new SecretKeySpec(Base64.getDecoder().decode(key),
        "AES"));
    assertEquals("made-by-the-command-key", Secrets.of(Map.of("LAKEHOUSE_SECRET_KEY", key)).resolve(enc, "k"));
  }
}
