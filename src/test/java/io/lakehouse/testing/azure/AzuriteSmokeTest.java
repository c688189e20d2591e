package io.lakehouse.testing.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.common.StorageSharedKeyCredential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Azurite (a real Azure Blob API server on 127.0.0.1) driven with the Azure SDK: account key, SAS, failures. */
class AzuriteSmokeTest {

  private static AzuriteServer server;

  /** relative path -> content of the small directory every test uploads. */
  private static final Map<String, byte[]> FILES = new TreeMap<>(Map.of(
      "_delta_log/00000000000000000000.json", "{\"protocol\":{\"minReaderVersion\":1}}\n".getBytes(StandardCharsets.UTF_8),
      "part-00000.parquet", bytes(3000, 7),
      "year=2024/part-00001.parquet", bytes(70_000, 11),
      "empty.txt", new byte[0]));

  @BeforeAll
  static void startAzurite() {
    server = AzuriteServer.start();
    System.out.println("[AzuriteSmokeTest] " + server + " started in " + server.startupMillis() + " ms");
  }

  @AfterAll
  static void stopAzurite() {
    if (server != null) server.close();
  }

  @Test
  void accountKeyUploadListDownload(@TempDir Path tmp) throws IOException {
    assertEquals("devstoreaccount1", server.account());
    assertEquals("http://127.0.0.1:" + server.port() + "/devstoreaccount1", server.endpoint());

    BlobContainerClient created = server.createContainer("lake");
    assertTrue(created.exists());
    List<String> names = server.uploadDirectory(writeDir(tmp.resolve("t")), "lake", "tables/sales");
    assertEquals(FILES.keySet().stream().map(n -> "tables/sales/" + n).sorted().collect(Collectors.toList()), names);

    // A fresh client with the key, as the driver would build it.
    BlobServiceClient svc = new BlobServiceClientBuilder().endpoint(server.endpoint())
        .credential(new StorageSharedKeyCredential(server.account(), server.accountKey())).buildClient();
    BlobContainerClient lake = svc.getBlobContainerClient("lake");
    assertEquals(names, listNames(lake, "tables/sales/"));
    for (Map.Entry<String, byte[]> f : FILES.entrySet()) {
      assertArrayEquals(f.getValue(), lake.getBlobClient("tables/sales/" + f.getKey()).downloadContent().toBytes(),
          f.getKey());
    }
    BlobProperties props = lake.getBlobClient("tables/sales/year=2024/part-00001.parquet").getProperties();
    assertEquals(70_000, props.getBlobSize());

    // Range read (what a sparse Parquet footer fetch does).
    byte[] all = FILES.get("year=2024/part-00001.parquet");
    byte[] last8 = lake.getBlobClient("tables/sales/year=2024/part-00001.parquet")
        .downloadContentWithResponse(null, null, new com.azure.storage.blob.models.BlobRange(all.length - 8, 8L),
            false, null, null).getValue().toBytes();
    assertArrayEquals(java.util.Arrays.copyOfRange(all, all.length - 8, all.length), last8);

    // Hierarchical listing (delimiter '/') sees the "directories".
    List<String> top = lake.listBlobsByHierarchy("tables/sales/").stream().map(BlobItem::getName)
        .sorted().collect(Collectors.toList());
    assertEquals(List.of("tables/sales/_delta_log/", "tables/sales/empty.txt", "tables/sales/part-00000.parquet",
        "tables/sales/year=2024/"), top);

    // ETag changes on overwrite (the cache key relies on it); Last-Modified cannot be set in Azurite.
    String etag1 = lake.getBlobClient("tables/sales/empty.txt").getProperties().getETag();
    String etag2 = server.uploadBlob("lake", "tables/sales/empty.txt", "now non-empty".getBytes(StandardCharsets.UTF_8));
    assertNotEquals(etag1, etag2);
    assertEquals(etag2, lake.getBlobClient("tables/sales/empty.txt").getProperties().getETag());
    assertTrue(server.deleteBlob("lake", "tables/sales/empty.txt"));
    assertFalse(server.deleteBlob("lake", "tables/sales/empty.txt"));
  }

  @Test
  void containerSasReadsAndIsEnforced(@TempDir Path tmp) throws IOException {
    List<String> names = server.uploadDirectory(writeDir(tmp), "sas", "");
    String sas = server.sasToken("sas", "rl", Duration.ofHours(1));
    assertTrue(sas.contains("sig=") && sas.contains("sr=c") && sas.contains("sp=rl"), sas);
    assertFalse(sas.startsWith("?"));

    BlobContainerClient viaSas = new BlobContainerClientBuilder().endpoint(server.containerUrl("sas"))
        .sasToken(sas).buildClient();
    assertEquals(names, listNames(viaSas, null));
    for (Map.Entry<String, byte[]> f : FILES.entrySet()) {
      assertArrayEquals(f.getValue(), viaSas.getBlobClient(f.getKey()).downloadContent().toBytes(), f.getKey());
    }

    // Read/list only: writing is refused.
    BlobStorageException write = assertThrows(BlobStorageException.class,
        () -> viaSas.getBlobClient("new.txt").upload(com.azure.core.util.BinaryData.fromString("x")));
    assertEquals(403, write.getStatusCode());

    // A SAS for another container does not open this one.
    server.createContainer("other");
    BlobContainerClient wrongContainer = new BlobContainerClientBuilder().endpoint(server.containerUrl("sas"))
        .sasToken(server.sasToken("other", "rl", Duration.ofHours(1))).buildClient();
    assertEquals(403, assertThrows(BlobStorageException.class,
        () -> wrongContainer.getBlobClient("part-00000.parquet").downloadContent()).getStatusCode());

    // Expired SAS.
    BlobContainerClient expired = new BlobContainerClientBuilder().endpoint(server.containerUrl("sas"))
        .sasToken(server.sasToken("sas", "rl", OffsetDateTime.now().minusMinutes(5))).buildClient();
    assertEquals(403, assertThrows(BlobStorageException.class,
        () -> expired.getBlobClient("part-00000.parquet").downloadContent()).getStatusCode());

    // Tampered signature.
    BlobContainerClient tampered = new BlobContainerClientBuilder().endpoint(server.containerUrl("sas"))
        .sasToken(sas.replace("sp=rl", "sp=rwl")).buildClient();
    assertEquals(403, assertThrows(BlobStorageException.class,
        () -> tampered.getBlobClient("part-00000.parquet").downloadContent()).getStatusCode());

    // Account SAS (all containers).
    String accountSas = server.accountSasToken("rl", OffsetDateTime.now().plusHours(1));
    BlobServiceClient viaAccountSas = new BlobServiceClientBuilder().endpoint(server.endpoint())
        .sasToken(accountSas).buildClient();
    assertEquals(names, listNames(viaAccountSas.getBlobContainerClient("sas"), null));
  }

  @Test
  void wrongKeyIs403AndMissingThingsAre404() {
    server.createContainer("keys");
    server.uploadBlob("keys", "a.bin", bytes(10, 1));
    BlobServiceClient wrong = new BlobServiceClientBuilder().endpoint(server.endpoint())
        .credential(new StorageSharedKeyCredential(server.account(), AzuriteServer.randomKey())).buildClient();
    BlobStorageException e = assertThrows(BlobStorageException.class,
        () -> wrong.getBlobContainerClient("keys").getBlobClient("a.bin").downloadContent());
    assertEquals(403, e.getStatusCode());
    // Azurite says AuthorizationFailure where real Azure says AuthenticationFailed: rely on the 403 only.
    assertTrue(List.of("AuthorizationFailure", "AuthenticationFailed").contains(e.getErrorCode().toString()),
        String.valueOf(e.getErrorCode()));
    assertEquals(403, assertThrows(BlobStorageException.class,
        () -> listNames(wrong.getBlobContainerClient("keys"), null)).getStatusCode());

    assertEquals(404, assertThrows(BlobStorageException.class,
        () -> server.containerClient("keys").getBlobClient("missing.bin").downloadContent()).getStatusCode());
    assertEquals(404, assertThrows(BlobStorageException.class,
        () -> listNames(server.containerClient("no-such-container"), null)).getStatusCode());
  }

  @Test
  void httpsWithCustomAccountAndCloseKillsProcess(@TempDir Path tmp) throws Exception {
    String key = AzuriteServer.randomKey();
    AzuriteServer tls = AzuriteServer.builder().account("mylake", key).https().inMemory().start();
    Path work;
    int port;
    try {
      System.out.println("[AzuriteSmokeTest] " + tls + " (https, account mylake) started in " + tls.startupMillis()
          + " ms");
      assertEquals("https://127.0.0.1:" + tls.port() + "/mylake", tls.endpoint());
      work = tls.workDir();
      port = tls.port();
      List<String> names = tls.uploadDirectory(writeDir(tmp), "c01", "t/");   // SDK over TLS, custom account key
      assertEquals(FILES.size(), names.size());

      // A plain TLS client (no SDK) with only the trust store and a SAS: list the container.
      String sas = tls.sasToken("c01", "rl", Duration.ofMinutes(10));
      URL url = new URL(tls.containerUrl("c01") + "?restype=container&comp=list&" + sas);
      HttpsURLConnection conn = (HttpsURLConnection) url.openConnection();
      conn.setSSLSocketFactory(tls.sslContext().getSocketFactory());
      assertEquals(200, conn.getResponseCode());
      String xml;
      try (InputStream in = conn.getInputStream()) {
        xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertTrue(xml.contains("<Name>t/year=2024/part-00001.parquet</Name>"), xml);
      assertTrue(Files.isRegularFile(tls.trustStore()) && Files.isRegularFile(tls.certificatePem()));

      // Without the trust store, the JVM's default trust refuses the self-signed certificate.
      HttpsURLConnection untrusted = (HttpsURLConnection) url.openConnection();
      assertThrows(SSLHandshakeException.class, untrusted::getResponseCode);

      // The default account is not served when a custom one is configured: Azurite answers an unknown account with
      // 404 ResourceNotFound (before any signature check), even for a service-level call.
      BlobServiceClient devstore = new BlobServiceClientBuilder()
          .endpoint("https://127.0.0.1:" + tls.port() + "/" + AzuriteServer.DEFAULT_ACCOUNT)
          .credential(new StorageSharedKeyCredential(AzuriteServer.DEFAULT_ACCOUNT, AzuriteServer.DEFAULT_ACCOUNT_KEY))
          .httpClient(tls.httpClient()).buildClient();
      BlobStorageException unknown = assertThrows(BlobStorageException.class,
          () -> devstore.listBlobContainers().stream().count());
      assertEquals(404, unknown.getStatusCode());
      assertEquals("ResourceNotFound", unknown.getErrorCode().toString());
    } finally {
      tls.close();
    }
    assertFalse(tls.isAlive());
    assertFalse(Files.exists(work));
    try (Socket s = new Socket()) {
      assertThrows(IOException.class, () -> s.connect(new InetSocketAddress("127.0.0.1", port), 500));
    }
  }

  @Test
  void missingInstallFailsClearly() {
    String old = System.getProperty(AzuriteServer.HOME_PROPERTY);
    System.setProperty(AzuriteServer.HOME_PROPERTY, "/nonexistent/azurite-home");
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, AzuriteServer::start);
      assertTrue(e.getMessage().contains("run .ci/install-test-tools") || e.getMessage().contains(
          "Run .ci/install-test-tools"), e.getMessage());
    } finally {
      if (old == null) System.clearProperty(AzuriteServer.HOME_PROPERTY);
      else System.setProperty(AzuriteServer.HOME_PROPERTY, old);
    }
  }

  // ------------------------------------------------------------------------------------------------------ helpers

  private static Path writeDir(Path dir) throws IOException {
    for (Map.Entry<String, byte[]> f : FILES.entrySet()) {
      Path p = dir.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, f.getValue());
    }
    return dir;
  }

  private static List<String> listNames(BlobContainerClient c, String prefix) {
    return c.listBlobs(new ListBlobsOptions().setPrefix(prefix), null).stream().map(BlobItem::getName).sorted()
        .collect(Collectors.toList());
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + seed);
    return b;
  }
}
