package io.lakehouse.cli;

import io.lakehouse.config.SecretCipher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Encrypts a secret for the catalog file: reads the value from standard input (never from the command line, which
 * other users can see) and prints {@code enc:v1:...}, using the key from {@code LAKEHOUSE_SECRET_KEY} or the key
 * store named by {@code LAKEHOUSE_KEYSTORE}. {@code --new-key} prints a fresh random key instead.
 */
public final class EncryptSecret {
  private EncryptSecret() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--new-key")) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      System.out.println(Base64.getEncoder().encodeToString(key));
      return;
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String value = in.readLine();
    if (value == null || value.isEmpty()) {
      System.err.println("usage: echo -n 'secret' | EncryptSecret      (key from LAKEHOUSE_SECRET_KEY)");
      System.exit(2);
    }
    System.out.println(SecretCipher.encrypt(value, SecretCipher.key(System::getenv)));
  }
}
