package io.lakehouse.config;

import java.nio.file.Path;

/**
 * A profile's extra JKS / PKCS12 trust store for private CAs, trusted besides the JVM's CAs.
 *
 * @param file the store ({@code .jks} is read as JKS, anything else as PKCS12)
 * @param password its password, or null
 */
public record TrustStore(Path file, Secret password) {
  /** The password as the KeyStore API takes it (null without one). */
  public char[] passwordChars() {
    return password == null ? null : password.value().toCharArray();
  }
}
