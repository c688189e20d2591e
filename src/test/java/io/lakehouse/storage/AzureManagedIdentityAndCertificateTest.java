package io.lakehouse.storage;

import static io.lakehouse.testing.SqlAssert.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.azure.AzuriteServer;
import io.lakehouse.testing.azure.EntraIdStub;
import io.lakehouse.testing.azure.ManagedIdentityStub;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two Azure AD credential types that need something besides a secret, each reading a Delta table from Azurite in
 * oauth + HTTPS mode through the driver, rows compared to what was written:
 * <ul>
 *   <li>client-certificate: a client certificate + key made by keytool at test time, as PKCS12 (with
 *       certificate_password) and as PEM; {@link EntraIdStub} verifies the certificate-signed client assertion
 *       (RS256 signature, x5t#S256 thumbprint, iss/sub/aud/exp) like Azure AD does;</li>
 *   <li>managed-identity: {@link ManagedIdentityStub} serves the App Service managed-identity endpoint
 *       (IDENTITY_ENDPOINT + IDENTITY_HEADER) with tokens minted by EntraIdStub. azure-identity 1.18 reads that
 *       endpoint through MSAL4J from the process environment only (no system properties), so the stub points MSAL4J's
 *       own environment seam at itself for the duration of the test.</li>
 * </ul>
 */
class AzureManagedIdentityAndCertificateTest {
  @TempDir Path dir;

  private static final List<Col> COLUMNS = List.of(Col.of("id", "long"), Col.of("name", "string"));

  private DeltaTestWriter table(AzuriteServer azurite) {
    DeltaTestWriter t = DeltaTestWriter.create(dir.resolve("t"), COLUMNS);
    t.append(new Object[] {1L, "one"}, new Object[] {2L, "two"}, new Object[] {3L, null});
    t.append(new Object[] {4L, "four"});
    azurite.uploadDirectory(dir.resolve("t"), "lake", "t");
    return t;
  }

  /** The rows as the writer's own reader sees them, sorted by id, as "id|name" lines. */
  private static List<String> expected(DeltaTestWriter t) {
    List<String> rows = new ArrayList<>();
    for (Object[] r : t.readRows(t.latestVersion())) {
      rows.add(r[0] + "|" + r[1]);
    }
    rows.sort((a, b) -> Long.compare(Long.parseLong(a.split("\\|")[0]), Long.parseLong(b.split("\\|")[0])));
    return rows;
  }

  private static List<String> query(Path profile) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + profile); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT id, name FROM t ORDER BY id")) {
      while (rs.next()) {
        rows.add(rs.getLong(1) + "|" + rs.getString(2));
      }
    }
    return rows;
  }

  private Path yaml(String name, AzuriteServer azurite, String storeOptions, String credentials) throws Exception {
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(f, "storage:\n  az: { type: azure, account: " + azurite.account() + ", endpoint: '"
        + azurite.endpoint() + "', " + storeOptions + "credentials: " + credentials + " }\n"
        + "cache: { directory: '" + dir.resolve("cache-" + name) + "' }\n"
        + "tables:\n  t: { format: delta, location: 'az://lake/t', storage: az }\n");
    return f;
  }

  /** Azurite's certificate plus the stub's, as a profile trust_store. */
  private Path trustStore(AzuriteServer azurite, EntraIdStub aad) throws Exception {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(azurite.trustStore())) {
      ts.load(in, azurite.trustStorePassword().toCharArray());
    }
    ts.setCertificateEntry("entra-stub", aad.certificate());
    Path store = dir.resolve("ts.p12");
    try (OutputStream o = Files.newOutputStream(store)) {
      ts.store(o, "changeit".toCharArray());
    }
    return store;
  }

  /** A client certificate + RSA key (keytool, self-signed) as PKCS12 with {@code password}. */
  private static Path clientCertificate(Path p12, String cn, String password) throws Exception {
    List<String> cmd = List.of(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-noprompt", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=" + cn, "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", password,
        "-keypass", password);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + out);
    return p12;
  }

  private static KeyStore load(Path p12, String password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, password.toCharArray());
    }
    return ks;
  }

  /** The same key and certificate as one PEM file (PKCS#8 private key, then the certificate). */
  private static Path pem(KeyStore ks, String password, Path out) throws Exception {
    Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    Key key = ks.getKey("client", password.toCharArray());
    Files.writeString(out, "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\n"
        + b64.encodeToString(ks.getCertificate("client").getEncoded()) + "\n-----END CERTIFICATE-----\n");
    return out;
  }

  @Test
  void clientCertificate() throws Exception {
    try (AzuriteServer azurite = AzuriteServer.builder().oauth().start(); EntraIdStub aad = EntraIdStub.start()) {
      DeltaTestWriter t = table(azurite);
      List<String> expected = expected(t);
      assertEquals(4, expected.size());
      Path store = trustStore(azurite, aad);
      String storeOptions = "trust_store: '" + store + "', trust_store_password: changeit, ";

      Path p12 = clientCertificate(dir.resolve("client.p12"), "app-cert", "certpass");
      KeyStore ks = load(p12, "certpass");
      X509Certificate cert = (X509Certificate) ks.getCertificate("client");
      Path pem = pem(ks, "certpass", dir.resolve("client.pem"));
      Path otherP12 = clientCertificate(dir.resolve("other.p12"), "not-registered", "otherpass");
      aad.clientCertificateApp("tenant1", "app-cert", cert);

      String common = "{ type: client-certificate, tenant_id: tenant1, client_id: app-cert, authority_host: '"
          + aad.authorityHost() + "', instance_discovery: false, ";
      assertEquals(expected, query(yaml("p12", azurite, storeOptions,
          common + "certificate_path: '" + p12 + "', certificate_password: certpass }")), "PKCS12 certificate");
      assertEquals(expected, query(yaml("pem", azurite, storeOptions,
          common + "certificate_path: '" + pem + "' }")), "PEM certificate");

      List<EntraIdStub.Request> tokens = aad.tokenRequests();
      assertEquals(2, tokens.size(), () -> aad.requests().toString());
      for (EntraIdStub.Request r : tokens) {
        assertEquals("app-cert", r.form().get("client_id"));
        assertEquals(EntraIdStub.JWT_BEARER, r.form().get("client_assertion_type"));
        assertFalse(r.form().containsKey("client_secret"));
        String header = new String(Base64.getUrlDecoder().decode(r.form().get("client_assertion").split("\\.")[0]),
            StandardCharsets.UTF_8);
        assertEquals(EntraIdStub.thumbprint(cert, "SHA-256"), EntraIdStub.normalizeThumbprint(
            EntraIdStub.jsonField(header, "x5t#S256")), header);
        assertEquals("RS256", EntraIdStub.jsonField(header, "alg"), header);
      }
      assertTrue(aad.requests().stream().noneMatch(r -> r.path().contains("discovery")), () -> aad.requests()
          .toString());

      // a certificate Azure AD does not know for the app: refused at the token endpoint (invalid_client)
      assertState(SqlState.AUTHENTICATION, () -> query(yaml("other", azurite, storeOptions,
          common + "certificate_path: '" + otherP12 + "', certificate_password: otherpass }")));
    }
  }

  @Test
  void managedIdentity() throws Exception {
    Assumptions.assumeTrue(ManagedIdentityStub.environmentSeamAvailable(), "MSAL4J has no environment seam: "
        + "IDENTITY_ENDPOINT can only come from the process environment");
    try (AzuriteServer azurite = AzuriteServer.builder().oauth().start(); EntraIdStub aad = EntraIdStub.start();
         ManagedIdentityStub msi = ManagedIdentityStub.start(aad, "tenant-mi", "mi-principal")) {
      DeltaTestWriter t = table(azurite);
      List<String> expected = expected(t);
      msi.installEnvironment();
      // the Blob endpoint is Azurite's private CA; the managed-identity endpoint is plain http on loopback
      String storeOptions = "trust_store: '" + azurite.trustStore() + "', trust_store_password: "
          + azurite.trustStorePassword() + ", ";
      assertEquals(expected, query(yaml("mi", azurite, storeOptions, "{ type: managed-identity }")));
      // The default chain (DefaultAzureCredential) finds the same managed identity: nothing earlier in the chain
      // (environment, workload identity) is configured.
      assertEquals(expected, query(yaml("chain", azurite, storeOptions, "{ type: default-chain }")));

      List<ManagedIdentityStub.Request> rs = msi.requests();
      assertFalse(rs.isEmpty(), "no request reached the managed-identity endpoint");
      for (ManagedIdentityStub.Request r : rs) {
        assertEquals("GET", r.method());
        assertEquals(msi.secret(), r.identityHeader());
        assertEquals(ManagedIdentityStub.API_VERSION, r.query().get("api-version"));
        assertEquals("https://storage.azure.com", r.query().get("resource"));
        assertFalse(r.query().containsKey("client_id"), "system-assigned identity: no client_id");
      }
      assertTrue(aad.requests().isEmpty(), "managed identity must not call the Azure AD token endpoint");
    }
  }
}
