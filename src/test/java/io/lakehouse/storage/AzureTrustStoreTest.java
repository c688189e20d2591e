package io.lakehouse.storage;

import static io.lakehouse.testing.SqlAssert.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.azure.AzuriteServer;
import io.lakehouse.testing.azure.EntraIdStub;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A profile trust_store (private CA for the Blob endpoint and a private Azure AD authority) and instance_discovery:
 * false let azure-identity and the Blob client run in this JVM with no JVM-wide TLS settings. Azure AD cannot run
 * here: EntraIdStub speaks its token protocol to the real azure-identity library.
 */
class AzureTrustStoreTest {
  @TempDir Path dir;

  @Test
  void privateCaAndPrivateAuthority() throws Exception {
    try (AzuriteServer azurite = AzuriteServer.builder().oauth().start(); EntraIdStub aad = EntraIdStub.start()) {
      DeltaTestWriter t = DeltaTestWriter.create(dir.resolve("t"), List.of(Col.of("id", "long")));
      t.append(new Object[] {1L}, new Object[] {2L});
      azurite.uploadDirectory(dir.resolve("t"), "lake", "t");
      aad.clientSecretApp("tenant1", "app1", "sec1");
      KeyStore ts = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(azurite.trustStore())) {
        ts.load(in, azurite.trustStorePassword().toCharArray());
      }
      ts.setCertificateEntry("entra-stub", aad.certificate());
      Path store = dir.resolve("ts.p12");
      try (OutputStream o = Files.newOutputStream(store)) {
        ts.store(o, "changeit".toCharArray());
      }
      for (String secret : List.of("sec1", "wrong")) {
        Path f = dir.resolve(secret + ".yaml");
        Files.writeString(f, "storage:\n  az: { type: azure, account: " + azurite.account() + ", endpoint: '"
            + azurite.endpoint() + "', trust_store: '" + store + "', trust_store_password: changeit, credentials: "
            + "{ type: client-secret, tenant_id: tenant1, client_id: app1, client_secret: '" + secret
            + "', authority_host: '" + aad.authorityHost() + "', instance_discovery: false } }\n"
            + "cache: { directory: '" + dir.resolve("cache" + secret) + "' }\n"
            + "tables:\n  t: { format: delta, location: 'az://lake/t', storage: az }\n");
        try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + f); Statement s = c.createStatement()) {
          if (secret.equals("sec1")) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
              assertTrue(rs.next());
              assertEquals(t.readRows(t.latestVersion()).size(), rs.getLong(1));
            }
          } else {
            assertState(SqlState.AUTHENTICATION, () -> s.executeQuery("SELECT count(*) FROM t"));
          }
        }
      }
      assertTrue(aad.requests().stream().noneMatch(r -> r.path().contains("discovery")));
    }
  }
}
