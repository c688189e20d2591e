package io.lakehouse.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.azure.AzuriteServer;
import io.lakehouse.testing.azure.EntraIdStub;
import io.lakehouse.testing.azure.ForkedJdbc;
import io.lakehouse.testing.azure.ForkedJdbc.Outcome;
import io.lakehouse.testing.azure.ForkedJdbc.Query;
import io.lakehouse.testing.azure.LoopbackConnectProxy;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.HttpsURLConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Azure AD (Entra ID) credentials, end to end with the real azure-identity / MSAL4J and Azure Storage SDKs: a Delta
 * table in Azurite running with {@code --oauth basic} over HTTPS (it checks each bearer token's issuer, audience and
 * lifetime, not its signature) is read by the driver with a {@code client-secret} and a {@code workload-identity}
 * profile whose {@code authority_host} is a loopback stub of the Microsoft identity platform ({@link EntraIdStub}):
 * Azure AD itself cannot run here, so the stub speaks its protocol (instance discovery, OpenID metadata, the v2.0
 * token endpoint with the client-credentials grant) and issues JWTs Azurite accepts.
 *
 * <p>The driver runs in a child JVM ({@link ForkedJdbc}) because two things must be JVM-wide there and cannot be set
 * through the driver's configuration today:
 * <ul>
 *   <li>trust in the self-signed certificates of Azurite and the stub: {@code javax.net.ssl.trustStore}, read when
 *       the Azure SDK's Netty transport builds its default TLS context on its first use in the JVM (too late or too
 *       early in the shared surefire JVM, where another test checks that such a certificate is refused);</li>
 *   <li>MSAL's instance discovery, which it sends for an unknown authority host (such as 127.0.0.1) to
 *       {@code https://login.microsoftonline.com:<port>/common/discovery/instance}: the JVM proxy properties route
 *       that name through a {@link LoopbackConnectProxy} to the stub (the tunnel only ever reaches 127.0.0.1).</li>
 * </ul>
 * The stub, the proxy and Azurite run in this JVM, so the test asserts what the identity client sent.
 */
class AzureAdCredentialsTest {
  private static final String CONTAINER = "lake";
  private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  private static final String SECRET_APP = "8c0a3c4e-1b5e-4d0e-9a39-000000000001";
  private static final String WRONG_APP = "8c0a3c4e-1b5e-4d0e-9a39-000000000002";
  private static final String WORKLOAD_APP = "8c0a3c4e-1b5e-4d0e-9a39-000000000003";
  private static final String SCOPE = "https://storage.azure.com/.default";

  @TempDir
  static Path dir;
  private static AzuriteServer azurite;
  private static EntraIdStub aad;
  private static LoopbackConnectProxy proxy;
  private static List<String> expectedRows;
  private static String secret;
  private static String wrongSecret;
  private static String federatedToken;
  private static ForkedJdbc.Run run;

  @BeforeAll
  static void start() throws Exception {
    azurite = AzuriteServer.builder().oauth().debugLog().start();
    DeltaTestWriter t = DeltaTestWriter.create(dir.resolve("local/sales"), List.of(Col.of("id", "long"),
        Col.of("region", "string")), List.of("region"));
    for (int v = 0; v < 3; v++) {
      List<Object[]> batch = new ArrayList<>();
      for (long i = v * 7L; i < v * 7L + 7; i++) {
        batch.add(new Object[] {i, i % 2 == 0 ? "eu" : "us"});
      }
      t.append(batch);
    }
    t.checkpoint();
    expectedRows = t.readRows(t.latestVersion()).stream()
        .sorted(Comparator.comparingLong(r -> (Long) r[0]))
        .map(r -> r[0] + "\t" + r[1]).toList();
    azurite.uploadDirectory(dir.resolve("local/sales"), CONTAINER, "tables/sales");

    secret = "s3cr3t~" + UUID.randomUUID();
    wrongSecret = "wr0ng~" + UUID.randomUUID();
    federatedToken = "eyJhbGciOiJSUzI1NiJ9.federated-" + UUID.randomUUID() + ".sig";
    aad = EntraIdStub.start()
        .clientSecretApp(TENANT, SECRET_APP, secret)
        .clientSecretApp(TENANT, WRONG_APP, secret)
        .federatedApp(TENANT, WORKLOAD_APP, federatedToken);
    proxy = LoopbackConnectProxy.start(EntraIdStub.DISCOVERY_HOST);

    Path secretFile = dir.resolve("client.secret");
    Files.writeString(secretFile, secret + "\n");
    Path tokenFile = dir.resolve("azure-identity-token");
    Files.writeString(tokenFile, federatedToken);
    String authority = aad.authorityHost();
    Path good = catalog("secret", "{ type: client-secret, tenant_id: '" + TENANT + "', client_id: '" + SECRET_APP
        + "', client_secret: '${file:" + secretFile + "}', authority_host: '" + authority + "' }");
    Path wrong = catalog("wrong", "{ type: client-secret, tenant_id: '" + TENANT + "', client_id: '" + WRONG_APP
        + "', client_secret: '" + wrongSecret + "', authority_host: '" + authority + "' }");
    Path workload = catalog("workload", "{ type: workload-identity, tenant_id: '" + TENANT + "', client_id: '"
        + WORKLOAD_APP + "', token_file: '" + tokenFile + "', authority_host: '" + authority + "' }");

    Map<String, String> props = new HashMap<>(proxy.jvmProperties());
    Path trust = trustStore();
    props.put("javax.net.ssl.trustStore", trust.toString());
    props.put("javax.net.ssl.trustStoreType", "PKCS12");
    props.put("javax.net.ssl.trustStorePassword", "changeit");
    run = ForkedJdbc.run(props, List.of(
        new Query("secret-rows", "jdbc:lakehouse:" + good, "SELECT id, region FROM sales ORDER BY id"),
        new Query("secret-version-1", "jdbc:lakehouse:" + good, "SELECT count(*) FROM sales FOR VERSION AS OF 1"),
        new Query("wrong-secret", "jdbc:lakehouse:" + wrong, "SELECT count(*) FROM sales"),
        new Query("workload-rows", "jdbc:lakehouse:" + workload, "SELECT id, region FROM sales ORDER BY id")),
        240);
    System.out.println("[AzureAdCredentialsTest] child JVM ran in " + run.millis() + " ms (exit " + run.exitCode()
        + "); stub saw " + aad.requests() + "; proxy saw " + proxy.tunnels());
  }

  @AfterAll
  static void stop() {
    if (proxy != null) proxy.close();
    if (aad != null) aad.close();
    if (azurite != null) azurite.close();
  }

  private static Path catalog(String name, String credentials) throws Exception {
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(f, "storage:\n  az: { type: azure, account: " + azurite.account() + ", endpoint: '"
        + azurite.endpoint() + "', credentials: " + credentials + " }\n"
        + "cache: { directory: '" + dir.resolve("cache-" + name) + "' }\n"
        + "tables:\n  sales: { format: delta, location: 'az://" + CONTAINER + "/tables/sales', storage: az }\n");
    return f;
  }

  /** A PKCS12 trust store with exactly Azurite's and the stub's self-signed certificates. */
  private static Path trustStore() throws Exception {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(azurite.trustStore())) {
      ts.load(in, azurite.trustStorePassword().toCharArray());
    }
    ts.setCertificateEntry("entra-stub", aad.certificate());
    Path f = dir.resolve("child-truststore.p12");
    try (OutputStream o = Files.newOutputStream(f)) {
      ts.store(o, "changeit".toCharArray());
    }
    return f;
  }

  private static List<EntraIdStub.Request> tokenRequests(String clientId) {
    return aad.tokenRequests().stream().filter(r -> clientId.equals(r.form().get("client_id"))).toList();
  }

  /**
   * MSAL asks for the resource's {@code .default} scope and, as it does for every request to Azure AD, adds the
   * OpenID Connect reserved scopes.
   */
  private static void assertScope(EntraIdStub.Request r) {
    List<String> scopes = List.of(r.form().get("scope").split(" "));
    assertEquals(SCOPE, scopes.get(0), r.form().get("scope"));
    assertTrue(List.of("openid", "profile", "offline_access").containsAll(scopes.subList(1, scopes.size())),
        r.form().get("scope"));
  }

  private static String diagnostics() {
    return "\n--- stub requests ---\n" + aad.requests() + "\n--- proxy ---\n" + proxy.tunnels()
        + "\n--- child output ---\n" + run.output();
  }

  @Test
  void clientSecretReadsTheDeltaTableFromAzuriteWithABearerToken() throws Exception {
    Outcome rows = run.get("secret-rows");
    assertTrue(rows.ok(), rows + diagnostics());
    assertEquals(expectedRows, rows.rows());
    assertEquals(21, rows.rows().size());
    Outcome v1 = run.get("secret-version-1");
    assertTrue(v1.ok(), v1 + diagnostics());
    assertEquals(List.of("7"), v1.rows());

    // What azure-identity / MSAL sent to the token endpoint: the client-credentials grant for Azure Storage.
    List<EntraIdStub.Request> token = tokenRequests(SECRET_APP);
    assertFalse(token.isEmpty(), diagnostics());
    for (EntraIdStub.Request r : token) {
      assertEquals("/" + TENANT + "/oauth2/v2.0/token", r.path());
      assertEquals("client_credentials", r.form().get("grant_type"));
      assertEquals(secret, r.form().get("client_secret"));
      assertScope(r);
    }
    // Azurite really authenticated the driver's requests by bearer token (its debug log says so per request).
    String azuriteLog = Files.readString(azurite.debugLogFile());
    assertTrue(azuriteLog.contains("Validation against token authentication successfully"),
        "Azurite saw no valid bearer token");
  }

  @Test
  void msalDiscoveryWasAnsweredOnLoopbackOnly() {
    // Instance discovery for the unknown authority 127.0.0.1 goes to login.microsoftonline.com:<stub port>.
    assertTrue(aad.requests().stream().anyMatch(r -> r.path().equals("/common/discovery/instance")
        && (EntraIdStub.DISCOVERY_HOST + ":" + aad.port()).equals(r.host())), diagnostics());
    assertTrue(proxy.tunnels().stream().allMatch(LoopbackConnectProxy.Tunnel::allowed), diagnostics());
  }

  @Test
  void stubServesTenantDiscovery() throws Exception {
    // MSAL4J does not fetch OpenID metadata for an AAD authority (it knows the v2.0 endpoint layout), but other
    // clients do: the stub serves it as Azure AD does.
    URL url = new URL(aad.authorityHost() + TENANT + "/v2.0/.well-known/openid-configuration");
    HttpsURLConnection c = (HttpsURLConnection) url.openConnection();
    c.setSSLSocketFactory(aad.sslContext().getSocketFactory());
    assertEquals(200, c.getResponseCode());
    String body;
    try (InputStream in = c.getInputStream()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(body.contains("\"token_endpoint\":\"" + aad.authorityHost() + TENANT + "/oauth2/v2.0/token\""), body);
    assertTrue(body.contains("\"issuer\":\"" + aad.authorityHost() + TENANT + "/v2.0\""), body);
  }

  @Test
  void wrongClientSecretIsAccessDeniedWithoutTheSecret() {
    Outcome wrong = run.get("wrong-secret");
    assertFalse(wrong.ok(), wrong.toString());
    assertFalse(tokenRequests(WRONG_APP).isEmpty(), diagnostics());
    assertEquals(wrongSecret, tokenRequests(WRONG_APP).get(0).form().get("client_secret"));
    assertFalse(wrong.message().contains(wrongSecret), wrong.message());
    assertFalse(wrong.trace().contains(wrongSecret), "the secret is in the exception chain");
    assertEquals(SqlState.AUTHENTICATION.code(), wrong.sqlState(), wrong.toString());
  }

  @Test
  void workloadIdentityReadsTheTableWithTheFederatedTokenAsClientAssertion() {
    Outcome rows = run.get("workload-rows");
    assertTrue(rows.ok(), rows + diagnostics());
    assertEquals(expectedRows, rows.rows());
    List<EntraIdStub.Request> token = tokenRequests(WORKLOAD_APP);
    assertFalse(token.isEmpty(), diagnostics());
    for (EntraIdStub.Request r : token) {
      assertEquals("client_credentials", r.form().get("grant_type"));
      assertEquals(EntraIdStub.JWT_BEARER, r.form().get("client_assertion_type"));
      assertEquals(federatedToken, r.form().get("client_assertion"));
      assertScope(r);
      assertFalse(r.form().containsKey("client_secret"));
    }
  }

  @Test
  void noCredentialInAnythingTheDriverPrinted() {
    String out = run.output();
    for (String s : List.of(secret, wrongSecret, federatedToken)) {
      assertFalse(out.contains(s), "a credential appears in the child JVM's output");
    }
    for (Outcome o : run.outcomes().values()) {
      for (String s : List.of(secret, wrongSecret, federatedToken)) {
        assertFalse(o.toString().contains(s), "a credential appears in the result of " + o.id());
      }
    }
    assertEquals(0, run.exitCode(), out);
  }
}
