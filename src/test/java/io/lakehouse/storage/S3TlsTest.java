package io.lakehouse.storage;

import static io.lakehouse.testing.SqlAssert.assertStateClass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.s3.S3ProxyServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS is checked: an https endpoint with a private CA is refused until the profile names a trust store holding it.
 * The server is s3proxy with its own TLS endpoint on 127.0.0.1 and a certificate made here with keytool.
 */
class S3TlsTest {
  @TempDir
  Path dir;

  private void keytool(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
        .toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
  }

  @Test
  void privateCaNeedsTheTrustStore() throws Exception {
    String password = "changeit-" + System.nanoTime();
    Path keystore = dir.resolve("server.jks");
    keytool("-genkeypair", "-noprompt", "-alias", "s3", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "JKS",
        "-keystore", keystore.toString(), "-storepass", password, "-keypass", password);
    Path cert = dir.resolve("server.crt");
    keytool("-exportcert", "-alias", "s3", "-keystore", keystore.toString(), "-storepass", password, "-file",
        cert.toString());
    Path trust = dir.resolve("trust.p12");
    keytool("-importcert", "-noprompt", "-alias", "s3", "-file", cert.toString(), "-storetype", "PKCS12",
        "-keystore", trust.toString(), "-storepass", password);
    int tlsPort;
    try (ServerSocket s = new ServerSocket(0)) {
      tlsPort = s.getLocalPort();
    }
    try (S3ProxyServer s3 = S3ProxyServer.builder()
        .property("s3proxy.secure-endpoint", "https://127.0.0.1:" + tlsPort)
        .property("s3proxy.keystore-path", keystore.toString())
        .property("s3proxy.keystore-password", password)
        .start()) {
      s3.createBucket("lake");
      DeltaTestWriter t = DeltaTestWriter.create(dir.resolve("t"), List.of(Col.of("id", "long")));
      t.append(new Object[] {1L}, new Object[] {2L}, new Object[] {3L});
      s3.uploadDirectory(dir.resolve("t"), "lake", "t");
      Path secret = dir.resolve("secret");
      Files.writeString(secret, s3.secretKey());
      String profile = "storage:\n  tls: { type: s3, endpoint: 'https://127.0.0.1:" + tlsPort + "', path_style: true,"
          + " %s credentials: { type: static, access_key_id: " + s3.accessKey() + ", secret_access_key: '${file:"
          + secret + "}' } }\ncache: { directory: '" + dir.resolve("cache") + "' }\n"
          + "tables:\n  t: { format: delta, location: 's3://lake/t', storage: tls }\n";
      Path untrusted = dir.resolve("untrusted.yaml");
      Files.writeString(untrusted, profile.formatted(""));
      try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + untrusted); Statement s = c.createStatement()) {
        assertStateClass("08", () -> s.executeQuery("SELECT count(*) FROM t").next());
      }
      Path trusted = dir.resolve("trusted.yaml");
      Files.writeString(trusted, profile.formatted("trust_store: '" + trust + "', trust_store_password: '"
          + password + "',"));
      try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + trusted); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
        assertTrue(rs.next());
        assertEquals(3, rs.getLong(1));
      }
    }
  }
}
