package io.lakehouse.cache;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.config.TrustStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** TLS to Redis: the JVM's CAs, plus the catalog's trust store (a private CA) when one is configured. */
final class RedisTls {
  private RedisTls() {}

  static SSLSocketFactory socketFactory(TrustStore store) throws java.sql.SQLException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      List<X509TrustManager> managers = new ArrayList<>();
      managers.add(manager(null));
      if (store != null) {
        KeyStore ks = KeyStore.getInstance(store.file().toString().toLowerCase(Locale.ROOT).endsWith(".jks")
            ? "JKS" : "PKCS12");
        try (InputStream in = Files.newInputStream(store.file())) {
          ks.load(in, store.passwordChars());
        }
        managers.add(manager(ks));
      }
      context.init(null, new TrustManager[] {new AnyOf(managers)}, null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException | IOException e) {
      // Never the store's password: only the file and the reason.
      throw new LakehouseSqlException("cache.results.trust_store: cannot load "
          + (store == null ? "the JVM's trust store" : store.file()) + " (" + e.getMessage() + ")",
          SqlState.CONNECTION_FAILED);
    }
  }

  private static X509TrustManager manager(KeyStore ks) throws GeneralSecurityException {
    TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(ks);
    for (TrustManager m : f.getTrustManagers()) {
      if (m instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X509 trust manager");
  }

  /** Trusts a server chain when any of the managers does. */
  private record AnyOf(List<X509TrustManager> managers) implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("client certificates are not checked here");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      CertificateException last = null;
      for (X509TrustManager m : managers) {
        try {
          m.checkServerTrusted(chain, authType);
          return;
        } catch (CertificateException e) {
          last = e;
        }
      }
      throw last;
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return managers.stream().flatMap(m -> java.util.Arrays.stream(m.getAcceptedIssuers()))
          .toArray(X509Certificate[]::new);
    }
  }
}
