package io.lakehouse.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import io.lakehouse.testing.azure.AzuriteServer;
import io.lakehouse.testing.s3.FaultInjectingProxy;
import io.lakehouse.testing.s3.S3IcebergWriter;
import io.lakehouse.testing.s3.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data files are immutable under their names (Delta and Iceberg both promise it), so a warm query over S3 or Azure
 * sends no request per data file: not a download, not a HEAD. Every request the driver sends goes through a counting
 * proxy on loopback in front of a real server (s3proxy, Azurite); the cold query must fetch every data file, the
 * warm ones (same connection, and a new connection of the catalog) none. Answers come from Delta Kernel's and
 * Iceberg's own readers.
 */
class WarmQueryRequestsTest {
  private static final String BUCKET = "warm";

  @TempDir
  static Path dir;
  private static S3ProxyServer s3;
  private static AzuriteServer azurite;
  private static FaultInjectingProxy s3Proxy;
  private static FaultInjectingProxy azureProxy;
  private static long deltaCount;
  private static long deltaSum;
  private static long icebergCount;
  private static long icebergSum;

  @BeforeAll
  static void start() throws Exception {
    DeltaTestWriter t = DeltaTestWriter.create(dir.resolve("local/sales"), List.of(Col.of("id", "long"),
        Col.of("region", "string")), List.of("region"));
    for (int v = 0; v < 3; v++) {
      List<Object[]> batch = new ArrayList<>();
      for (long i = v * 10L; i < v * 10L + 10; i++) {
        batch.add(new Object[] {i, i % 3 == 0 ? "eu" : "us"});
      }
      t.append(batch);
    }
    List<Object[]> rows = t.readRows(t.latestVersion());
    deltaCount = rows.size();
    deltaSum = rows.stream().mapToLong(r -> (long) r[0]).sum();

    s3 = S3ProxyServer.start();
    s3.createBucket(BUCKET);
    s3.uploadDirectory(dir.resolve("local/sales"), BUCKET, "sales");
    IcebergTestWriter customers = S3IcebergWriter.create(s3, BUCKET, "customers", new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "name", Types.StringType.get())), PartitionSpec.unpartitioned());
    for (long v = 0; v < 3; v++) {
      customers.append(new Object[] {v * 2, "a" + v}, new Object[] {v * 2 + 1, "b" + v});
    }
    try (CloseableIterable<Record> read = IcebergGenerics.read(customers.table()).build()) {
      for (Record r : read) {
        icebergCount++;
        icebergSum += (Long) r.getField("id");
      }
    }
    s3Proxy = FaultInjectingProxy.start(s3);

    azurite = AzuriteServer.start();
    azurite.createContainer("lake");
    azurite.uploadDirectory(dir.resolve("local/sales"), "lake", "sales");
    azureProxy = FaultInjectingProxy.start(azurite.endpoint().substring(0, azurite.endpoint().lastIndexOf('/')));
  }

  @AfterAll
  static void stop() {
    s3Proxy.close();
    azureProxy.close();
    s3.close();
    azurite.close();
  }

  /** A data file of either table: Parquet outside the Delta log and the Iceberg metadata folder. */
  private static boolean dataFile(FaultInjectingProxy.Request r) {
    String path = r.path();
    return path.endsWith(".parquet") && !path.contains("/_delta_log/") && !path.contains("/metadata/");
  }

  private static String[] answer(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return new String[] {rs.getString(1), rs.getString(2)};
    }
  }

  private static void assertAnswers(Connection c, String table, long count, long sum) throws SQLException {
    String[] got = answer(c, "SELECT count(*), sum(id) FROM " + table);
    assertEquals(Long.toString(count), got[0]);
    assertEquals(Long.toString(sum), got[1]);
  }

  /**
   * Cold: every data file is asked for; warm (the same connection, then a new one): none is, and the requests left
   * (the freshness check of the table's metadata) do not grow with the files.
   */
  private static void coldThenWarm(FaultInjectingProxy proxy, String url, String table, long count, long sum)
      throws SQLException {
    proxy.reset();
    try (Connection c = DriverManager.getConnection(url)) {
      assertAnswers(c, table, count, sum);
      long dataRequests = proxy.requests().stream().filter(WarmQueryRequestsTest::dataFile).count();
      assertTrue(dataRequests >= 3, "the cold query fetches the data files: " + requests(proxy, r -> true));
      for (int i = 0; i < 2; i++) {
        proxy.reset();
        assertAnswers(c, table, count, sum);
        assertEquals(List.of(), requests(proxy, WarmQueryRequestsTest::dataFile));
        // What is left is the freshness check of the table's metadata (log listing, metadata pointer).
        assertEquals(List.of(), requests(proxy, r -> !r.path().contains("/_delta_log/")
            && !r.path().endsWith("/_delta_log") && !r.path().contains("/metadata/") && !r.target().contains("list-type")
            && !r.target().contains("comp=list")));
      }
    }
    proxy.reset();
    try (Connection c = DriverManager.getConnection(url)) {
      assertAnswers(c, table, count, sum);
      assertEquals(List.of(), requests(proxy, WarmQueryRequestsTest::dataFile));
    }
  }

  /** Method and target of the requests that match, for readable failures. */
  private static List<String> requests(FaultInjectingProxy proxy, Predicate<FaultInjectingProxy.Request> which) {
    return proxy.requests().stream().filter(which).map(r -> r.method() + " " + r.target()).toList();
  }

  private Path s3Catalog(String name, String mode) throws Exception {
    Path secret = dir.resolve(name + ".secret");
    Files.writeString(secret, s3.secretKey());
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(f, "storage:\n"
        + "  lake: { type: s3, region: us-east-1, endpoint: '" + s3Proxy.endpoint() + "', allow_http: true, "
        + "path_style: true, credentials: { type: static, access_key_id: " + s3.accessKey()
        + ", secret_access_key: '${file:" + secret + "}' } }\n"
        + "cache: { directory: '" + dir.resolve("cache-" + name) + "', max_bytes: 100MB, mode: " + mode + " }\n"
        + "tables:\n"
        + "  sales: { format: delta, location: 's3://" + BUCKET + "/sales', storage: lake }\n"
        + "  customers: { format: iceberg, location: 's3://" + BUCKET + "/customers', storage: lake }\n");
    return f;
  }

  @Test
  void warmDeltaAndIcebergQueriesOnS3SendNoRequestPerDataFile() throws Exception {
    String url = "jdbc:lakehouse:" + s3Catalog("s3-whole", "whole");
    coldThenWarm(s3Proxy, url, "sales", deltaCount, deltaSum);
    coldThenWarm(s3Proxy, url, "customers", icebergCount, icebergSum);
  }

  @Test
  void warmQueriesWithASparseCacheSendNoRequestPerDataFile() throws Exception {
    String url = "jdbc:lakehouse:" + s3Catalog("s3-sparse", "sparse");
    coldThenWarm(s3Proxy, url, "sales", deltaCount, deltaSum);
    coldThenWarm(s3Proxy, url, "customers", icebergCount, icebergSum);
  }

  @Test
  void warmQueriesOnAzureSendNoRequestPerDataFile() throws Exception {
    Path key = dir.resolve("account.key");
    Files.writeString(key, azurite.accountKey());
    Path f = dir.resolve("azure.yaml");
    Files.writeString(f, "storage:\n  az: { type: azure, account: " + azurite.account() + ", endpoint: '"
        + azureProxy.endpoint() + "/" + azurite.account() + "', allow_http: true, credentials: "
        + "{ type: account-key, key: '${file:" + key + "}' } }\n"
        + "cache: { directory: '" + dir.resolve("cache-azure") + "' }\n"
        + "tables:\n  sales: { format: delta, location: 'az://lake/sales', storage: az }\n");
    coldThenWarm(azureProxy, "jdbc:lakehouse:" + f, "sales", deltaCount, deltaSum);
  }
}
