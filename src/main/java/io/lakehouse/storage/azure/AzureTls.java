package io.lakehouse.storage.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import io.lakehouse.config.TrustStore;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** The HTTP client for an Azure profile with its own trust store (private endpoints, private authority hosts). */
final class AzureTls {
  private AzureTls() {}

  /**
   * One Netty client trusting the JVM's CAs plus the profile's trust store, for the Blob endpoint and the Azure AD
   * authority alike; null without a trust store (the SDK default: the JVM's trust store).
   */
  static HttpClient httpClient(TrustStore store) {
    if (store == null) {
      return null;
    }
    Path file = store.file();
    try {
      KeyStore extra = KeyStore.getInstance(file.toString().endsWith(".jks") ? "JKS" : "PKCS12");
      try (InputStream in = Files.newInputStream(file)) {
        extra.load(in, store.passwordChars());
      }
      KeyStore all = KeyStore.getInstance("PKCS12");
      all.load(null, null);
      TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      jdk.init((KeyStore) null);
      int i = 0;
      for (TrustManager tm : jdk.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          for (X509Certificate ca : x.getAcceptedIssuers()) {
            all.setCertificateEntry("jdk-" + i++, ca);
          }
        }
      }
      for (String alias : Collections.list(extra.aliases())) {
        Certificate cert = extra.getCertificate(alias);
        if (cert != null) {
          all.setCertificateEntry("profile-" + alias, cert);
        }
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(all);
      SslContext ssl = SslContextBuilder.forClient().trustManager(tmf).build();
      return new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
          .secure(spec -> spec.sslContext(ssl))).build();
    } catch (Exception e) {
      throw new IllegalStateException("cannot load trust store " + file + ": " + e.getMessage(), e);
    }
  }
}
