package io.lakehouse.storage.s3;

import io.lakehouse.config.TrustStore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.http.TlsTrustManagersProvider;

/** An extra trust store for private endpoints with their own CA (certificates are still checked). */
final class TrustStores {
  private TrustStores() {}

  static TlsTrustManagersProvider provider(TrustStore store) {
    Path file = store.file();
    return () -> {
      try (InputStream in = Files.newInputStream(file)) {
        KeyStore ks = KeyStore.getInstance(file.toString().endsWith(".jks") ? "JKS" : "PKCS12");
        ks.load(in, store.passwordChars());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf.getTrustManagers();
      } catch (Exception e) {
        throw new IllegalStateException("cannot load trust store " + file + ": " + e.getMessage(), e);
      }
    };
  }
}
