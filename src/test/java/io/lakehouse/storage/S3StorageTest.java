package io.lakehouse.storage;

import static io.lakehouse.testing.SqlAssert.assertMessageContains;
import static io.lakehouse.testing.SqlAssert.assertMessageLacks;
import static io.lakehouse.testing.SqlAssert.assertState;
import static io.lakehouse.testing.SqlAssert.assertStateClass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import io.lakehouse.testing.s3.FaultInjectingProxy;
import io.lakehouse.testing.s3.S3IcebergWriter;
import io.lakehouse.testing.s3.S3ProxyServer;
import io.lakehouse.testing.s3.StsStubServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delta and Iceberg tables in a real S3 API server (s3proxy, on 127.0.0.1, started here), read through the driver
 * with credentials resolved inside it. Expected answers are the rows the writers wrote.
 */
class S3StorageTest {
  private static final String BUCKET = "lake";

  @TempDir
  static Path dir;
  private static S3ProxyServer s3;
  private static DeltaTestWriter sales;
  private static final List<Object[]> salesRows = new ArrayList<>();
  private static long icebergRows;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start("AKIDLAKEHOUSETEST", "s3cr3t-" + Long.toHexString(System.nanoTime()));
    s3.createBucket(BUCKET);
    sales = DeltaTestWriter.create(dir.resolve("local/sales"), List.of(Col.of("id", "long"),
        Col.of("region", "string"), Col.of("amount", "double")), List.of("region"));
    for (int v = 0; v < 3; v++) {
      List<Object[]> rows = new ArrayList<>();
      for (long i = v * 10L; i < v * 10L + 10; i++) {
        rows.add(new Object[] {i, i % 2 == 0 ? "eu" : "us", i * 1.5});
      }
      sales.append(rows);
      salesRows.addAll(rows);
    }
    sales.checkpoint();
    s3.uploadDirectory(dir.resolve("local/sales"), BUCKET, "sales");

    Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "name", Types.StringType.get()));
    IcebergTestWriter customers = S3IcebergWriter.create(s3, BUCKET, "crm/customers", schema,
        PartitionSpec.unpartitioned());
    customers.append(new Object[] {1L, "Ada"}, new Object[] {2L, "Grace"}, new Object[] {3L, "Edsger"});
    customers.deleteWhereEquals("id", 2L);
    icebergRows = 2;
  }

  /** Rows of the sales table now, as Delta Kernel reads the local copy that was uploaded. */
  private static long currentSalesRows() {
    DeltaTestWriter local = DeltaTestWriter.open(dir.resolve("local/sales"));
    return local.readRows(local.latestVersion()).size();
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  /** A catalog file with one s3 profile; the secret comes from a file, as the docs recommend. */
  private static Path catalog(String name, String endpoint, String profileExtra, String credentials)
      throws Exception {
    Path secret = dir.resolve(name + ".secret");
    Files.writeString(secret, s3.secretKey());
    String creds = credentials != null ? credentials : "{ type: static, access_key_id: " + s3.accessKey()
        + ", secret_access_key: '${file:" + secret + "}' }";
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(f, "storage:\n"
        + "  lake: { type: s3, region: us-east-1, endpoint: '" + endpoint + "', allow_http: true, path_style: true,"
        + profileExtra + " credentials: " + creds + " }\n"
        + "cache: { directory: '" + dir.resolve("cache-" + name) + "', max_bytes: 100MB }\n"
        + "tables:\n"
        + "  sales: { format: delta, location: 's3://" + BUCKET + "/sales', storage: lake }\n"
        + "  crm.customers: { format: iceberg, location: 's3://" + BUCKET + "/crm/customers', storage: lake }\n"
        + "scan_roots: [ 's3://" + BUCKET + "/' ]\n");
    return f;
  }

  /**
   * Table metadata that names a file outside the catalog's locations (here: a copy of another table's data in
   * another folder of the bucket) is refused, not read with the catalog's credentials; the same file inside a
   * scan root reads, and another spelling of a location inside the table (s3a://) counts as inside.
   */
  @Test
  void filesOutsideTheCatalogsLocationsAreNotRead() throws Exception {
    IcebergTestWriter customers = S3IcebergWriter.open(new io.lakehouse.testing.s3.S3TestFileIO(s3.client()),
        "s3://" + BUCKET + "/crm/customers");
    org.apache.iceberg.DataFile original;
    try (var tasks = customers.table().newScan().planFiles()) {
      original = tasks.iterator().next().file();
    }
    String key = original.path().toString().substring(("s3://" + BUCKET + "/").length());
    s3.client().copyObject(b -> b.sourceBucket(BUCKET).sourceKey(key).destinationBucket(BUCKET)
        .destinationKey("elsewhere/stolen.parquet"));
    Schema schema = customers.table().schema();
    IcebergTestWriter escape = S3IcebergWriter.create(s3, BUCKET, "escape", schema, PartitionSpec.unpartitioned());
    escape.table().newAppend().appendFile(org.apache.iceberg.DataFiles.builder(PartitionSpec.unpartitioned())
        .withPath("s3://" + BUCKET + "/elsewhere/stolen.parquet").withFileSizeInBytes(original.fileSizeInBytes())
        .withRecordCount(original.recordCount()).withFormat(org.apache.iceberg.FileFormat.PARQUET).build()).commit();
    IcebergTestWriter spelled = S3IcebergWriter.create(s3, BUCKET, "spelled", schema, PartitionSpec.unpartitioned());
    s3.client().copyObject(b -> b.sourceBucket(BUCKET).sourceKey(key).destinationBucket(BUCKET)
        .destinationKey("spelled/data/copy.parquet"));
    spelled.table().newAppend().appendFile(org.apache.iceberg.DataFiles.builder(PartitionSpec.unpartitioned())
        .withPath("s3a://" + BUCKET + "/spelled/data/copy.parquet").withFileSizeInBytes(original.fileSizeInBytes())
        .withRecordCount(original.recordCount()).withFormat(org.apache.iceberg.FileFormat.PARQUET).build()).commit();
    Path secret = dir.resolve("escape.secret");
    Files.writeString(secret, s3.secretKey());
    String head = "storage:\n  lake: { type: s3, region: us-east-1, endpoint: '" + s3.endpoint() + "', allow_http: true,"
        + " path_style: true, credentials: { type: static, access_key_id: " + s3.accessKey()
        + ", secret_access_key: '${file:" + secret + "}' } }\n"
        + "cache: { directory: '" + dir.resolve("cache-escape") + "', max_bytes: 100MB }\n"
        + "tables:\n  escape: { format: iceberg, location: 's3://" + BUCKET + "/escape', storage: lake }\n"
        + "  spelled: { format: iceberg, location: 's3://" + BUCKET + "/spelled', storage: lake }\n";
    Path refused = dir.resolve("escape.yaml");
    Files.writeString(refused, head);
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + refused)) {
      SQLException e = assertState(SqlState.ACCESS_DENIED, () -> count(c, "SELECT count(*) FROM escape"));
      assertMessageContains(e, "outside the catalog's locations");
      assertEquals(original.recordCount(), count(c, "SELECT count(*) FROM spelled"));
    }
    Path allowed = dir.resolve("escape-allowed.yaml");
    Files.writeString(allowed, head + "scan_roots: [ 's3://" + BUCKET + "/elsewhere' ]\n");
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + allowed)) {
      assertEquals(original.recordCount(), count(c, "SELECT count(*) FROM escape"));
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  @Test
  void readsDeltaAndIcebergFromS3WithTimeTravel() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog("basic", s3.endpoint(), "", null))) {
      DeltaTestWriter local = DeltaTestWriter.open(dir.resolve("local/sales"));
      List<Object[]> now = local.readRows(local.latestVersion());
      assertEquals(now.size(), count(c, "SELECT count(*) FROM sales"));
      assertEquals(now.stream().filter(r -> r[1].equals("eu")).count(),
          count(c, "SELECT count(*) FROM sales WHERE region = 'eu'"));
      assertEquals(10, count(c, "SELECT count(*) FROM sales FOR VERSION AS OF 1"));
      assertEquals(icebergRows, count(c, "SELECT count(*) FROM crm.customers"));
      assertEquals(20, count(c, "SELECT count(*) FROM delta_scan('s3://" + BUCKET + "/sales', version => 2)"));
      assertEquals(now.stream().filter(r -> (long) r[0] == 1 || (long) r[0] == 3).count(),
          count(c, "SELECT count(*) FROM sales s JOIN crm.customers c ON s.id = c.id"));
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN SELECT * FROM sales")) {
        assertTrue(rs.next());
        assertTrue(rs.getString(1).contains("files"), rs.getString(1));
        assertTrue(rs.next());
        assertTrue(rs.getString(1).contains("s3://" + BUCKET + "/sales/"), rs.getString(1));
      }
    }
  }

  @Test
  void tableUpdatedWhileCachedIsSeenOnTheNextQuery() throws Exception {
    Path cat = catalog("update", s3.endpoint(), "", null);
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + cat)) {
      long before = count(c, "SELECT count(*) FROM sales");
      long cachedFiles;
      try (Stream<Path> files = Files.list(dir.resolve("cache-update"))) {
        cachedFiles = files.count();
      }
      assertTrue(cachedFiles > 0, "data files land in the cache");
      count(c, "SELECT count(*) FROM sales");
      try (Stream<Path> files = Files.list(dir.resolve("cache-update"))) {
        assertEquals(cachedFiles, files.count(), "a second query downloads nothing new");
      }
      List<Object[]> more = List.of(new Object[] {100L, "eu", 1.0}, new Object[] {101L, "apac", 2.0});
      DeltaTestWriter.open(dir.resolve("local/sales")).append(more);
      s3.uploadDirectory(dir.resolve("local/sales"), BUCKET, "sales");
      assertEquals(before + more.size(), count(c, "SELECT count(*) FROM sales"));
    }
  }

  @Test
  void throttlingAndServerErrorsAreRetried() throws Exception {
    try (FaultInjectingProxy proxy = FaultInjectingProxy.start(s3)) {
      proxy.failEvery(3, FaultInjectingProxy.Fault.SLOW_DOWN);
      try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog("faults", proxy.endpoint(), "",
          null))) {
        assertEquals(currentSalesRows(), count(c, "SELECT count(*) FROM sales"));
        proxy.clearRules().failNext(2, FaultInjectingProxy.Fault.INTERNAL_ERROR);
        assertEquals(icebergRows, count(c, "SELECT count(*) FROM crm.customers"));
      }
      assertTrue(proxy.faultCount() > 0, "faults were injected");
    }
  }

  @Test
  void immutableMetadataAndDataAreFetchedOnceAcrossConnections() throws Exception {
    try (FaultInjectingProxy proxy = FaultInjectingProxy.start(s3)) {
      Path cat = catalog("once", proxy.endpoint(), "", null);
      try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + cat)) {
        assertEquals(currentSalesRows(), count(c, "SELECT count(*) FROM sales"));
      }
      assertTrue(proxy.requests().stream().anyMatch(r -> r.isGet() && r.path().contains("/_delta_log/0")),
          "the first connection reads the log");
      proxy.reset();
      try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + cat)) {
        assertEquals(currentSalesRows(), count(c, "SELECT count(*) FROM sales"));
      }
      // A new connection lists the log (new versions must be seen) but downloads no commit, checkpoint or data
      // file again: they are immutable and in the cache.
      List<String> downloads = proxy.requests().stream().filter(r -> r.isGet() && !r.target().contains("list-type")
          && !r.target().contains("_last_checkpoint")).map(r -> r.path()).toList();
      assertTrue(downloads.isEmpty(), "downloaded again: " + downloads);
    }
  }

  @Test
  void explainDoesNotDownloadTheTable() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog("explain", s3.endpoint(), "",
        null)); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN SELECT * FROM sales")) {
      assertTrue(rs.next());
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("; (\\d+) files,").matcher(rs.getString(1));
      assertTrue(m.find(), rs.getString(1));
      long planned = Long.parseLong(m.group(1));
      long cachedData;
      try (Stream<Path> files = Files.list(dir.resolve("cache-explain"))) {
        cachedData = files.filter(p -> p.toString().endsWith(".bin")).count();
      }
      // One data file per partition branch for DuckDB's plan, plus immutable log files: fewer than planned.
      assertTrue(planned > 2 && cachedData < planned + 4, planned + " planned, " + cachedData + " cached");
    }
  }

  @Test
  void wrongKeysMissingBucketAndUnreachableStoreFailClearly() throws Exception {
    String wrong = "{ type: static, access_key_id: " + s3.accessKey() + ", secret_access_key: 'not-the-secret-"
        + System.nanoTime() + "' }";
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog("wrong", s3.endpoint(), "",
        wrong))) {
      SQLException e = assertState(SqlState.AUTHENTICATION, () -> count(c, "SELECT count(*) FROM sales"));
      assertMessageLacks(e, "not-the-secret");
    }
    Path missing = dir.resolve("missing.yaml");
    Files.writeString(missing, Files.readString(catalog("m", s3.endpoint(), "", null))
        .replace("s3://" + BUCKET + "/sales", "s3://no-such-bucket/sales"));
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + missing)) {
      assertStateClass("08", () -> count(c, "SELECT count(*) FROM sales"));
      // The rest of the catalog keeps working.
      assertEquals(icebergRows, count(c, "SELECT count(*) FROM crm.customers"));
    }
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog("down", "http://127.0.0.1:9",
        "", null))) {
      assertStateClass("08", () -> count(c, "SELECT count(*) FROM sales"));
    }
  }

  @Test
  void gcsInteropProfileWithHmacKeys() throws Exception {
    Path secret = dir.resolve("gcs.secret");
    Files.writeString(secret, s3.secretKey());
    Path f = dir.resolve("gcs.yaml");
    Files.writeString(f, "storage:\n  gcs: { type: gcs, endpoint: '" + s3.endpoint() + "', allow_http: true, "
        + "path_style: true, credentials: { type: hmac, access_key_id: " + s3.accessKey() + ", secret: '${file:"
        + secret + "}' } }\n"
        + "cache: { directory: '" + dir.resolve("cache-gcs") + "' }\n"
        + "tables:\n  sales: { format: delta, location: 'gs://" + BUCKET + "/sales', storage: gcs }\n");
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + f)) {
      assertEquals(currentSalesRows(), count(c, "SELECT count(*) FROM sales"));
    }
  }

  @Test
  void namedProfileFromACredentialsFile() throws Exception {
    Path file = dir.resolve("aws-credentials");
    Files.writeString(file, "[lakehouse-test]\naws_access_key_id = " + s3.accessKey() + "\naws_secret_access_key = "
        + s3.secretKey() + "\n");
    String creds = "{ type: profile, name: lakehouse-test, file: '" + file + "' }";
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog("profile", s3.endpoint(), "",
        creds))) {
      assertEquals(currentSalesRows(), count(c, "SELECT count(*) FROM sales"));
    }
  }

  /**
   * The default chain, through its first link that a test can set without touching the machine: the JVM system
   * properties aws.accessKeyId / aws.secretAccessKey (environment, profile files, container and instance roles
   * follow in the chain).
   */
  @Test
  void defaultCredentialChain() throws Exception {
    System.setProperty("aws.accessKeyId", s3.accessKey());
    System.setProperty("aws.secretAccessKey", s3.secretKey());
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog("chain", s3.endpoint(), "",
        "{ type: default-chain }"))) {
      assertEquals(currentSalesRows(), count(c, "SELECT count(*) FROM sales"));
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  /**
   * An instance role, with no credentials in the catalog. EC2's metadata service cannot run here: a loopback stub
   * speaks its IMDSv2 protocol (session token, role name, role credentials) to the SDK's instance-profile provider,
   * which the default chain reaches when nothing earlier in the chain has credentials.
   */
  @Test
  void instanceRoleThroughTheMetadataService() throws Exception {
    java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer imds = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    imds.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      seen.add(exchange.getRequestMethod() + " " + path);
      String body;
      int status = 200;
      if (path.equals("/latest/api/token") && exchange.getRequestMethod().equals("PUT")) {
        body = "imds-session-token";
      } else if (!"imds-session-token".equals(exchange.getRequestHeaders().getFirst("x-aws-ec2-metadata-token"))) {
        status = 401;
        body = "";
      } else if (path.equals("/latest/meta-data/iam/security-credentials/")) {
        body = "lakehouse-reader";
      } else if (path.equals("/latest/meta-data/iam/security-credentials/lakehouse-reader")) {
        body = "{\"Code\":\"Success\",\"Type\":\"AWS-HMAC\",\"AccessKeyId\":\"" + s3.accessKey()
            + "\",\"SecretAccessKey\":\"" + s3.secretKey() + "\",\"Token\":\"instance-token\",\"Expiration\":\""
            + java.time.Instant.now().plusSeconds(3600) + "\",\"LastUpdated\":\"" + java.time.Instant.now() + "\"}";
      } else {
        status = 404;
        body = "";
      }
      byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      try (var out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    imds.start();
    System.setProperty("aws.ec2MetadataServiceEndpoint", "http://127.0.0.1:" + imds.getAddress().getPort());
    System.setProperty("aws.sharedCredentialsFile", dir.resolve("no-credentials-file").toString());
    System.setProperty("aws.configFile", dir.resolve("no-config-file").toString());
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog("imds", s3.endpoint(), "",
        "{ type: default-chain }"))) {
      assertEquals(currentSalesRows(), count(c, "SELECT count(*) FROM sales"));
      assertTrue(seen.contains("GET /latest/meta-data/iam/security-credentials/lakehouse-reader"), seen.toString());
    } finally {
      System.clearProperty("aws.ec2MetadataServiceEndpoint");
      System.clearProperty("aws.sharedCredentialsFile");
      System.clearProperty("aws.configFile");
      imds.stop(0);
    }
  }

  /** STS cannot run here: a loopback stub speaks the real STS protocol to the real AWS SDK provider. */
  @Test
  void assumedRoleCredentialsComeFromSts() throws Exception {
    try (StsStubServer sts = StsStubServer.startFor(s3).expiresIn(java.time.Duration.ofSeconds(70))) {
      Path secret = dir.resolve("source.secret");
      Files.writeString(secret, "source-secret-" + System.nanoTime());
      String creds = "{ type: assume-role, role_arn: 'arn:aws:iam::123456789012:role/reader', external_id: "
          + "'ext-42', session_name: lakehouse-test, sts_endpoint: '" + sts.endpoint() + "', source: { type: "
          + "static, access_key_id: AKIDSOURCE, secret_access_key: '${file:" + secret + "}' } }";
      try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog("sts", s3.endpoint(), "",
          creds))) {
        assertEquals(currentSalesRows(), count(c, "SELECT count(*) FROM sales"));
        int issued = sts.issuedCount();
        // Credentials that expire within the SDK's refresh window are renewed, and queries keep working.
        assertEquals(10, count(c, "SELECT count(*) FROM sales FOR VERSION AS OF 1"));
        assertEquals(currentSalesRows(), count(c, "SELECT count(*) FROM sales"));
        assertTrue(sts.issuedCount() > issued, "short-lived credentials were refreshed");
      }
      assertTrue(sts.requestCount() >= 1);
      assertEquals("arn:aws:iam::123456789012:role/reader", sts.lastRequest().roleArn());
      assertEquals("ext-42", sts.lastRequest().externalId());
      assertEquals("lakehouse-test", sts.lastRequest().roleSessionName());
    }
  }

  @Test
  void webIdentityTokenFileIsExchanged() throws Exception {
    try (StsStubServer sts = StsStubServer.startFor(s3)) {
      Path token = dir.resolve("token");
      Files.writeString(token, "eyJhbGciOiJSUzI1NiJ9.test-token");
      String creds = "{ type: web-identity, role_arn: 'arn:aws:iam::123456789012:role/irsa', token_file: '" + token
          + "', sts_endpoint: '" + sts.endpoint() + "' }";
      try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog("wi", s3.endpoint(), "",
          creds))) {
        assertEquals(currentSalesRows(), count(c, "SELECT count(*) FROM sales"));
      }
      assertEquals("eyJhbGciOiJSUzI1NiJ9.test-token", sts.lastRequest().webIdentityToken());
    }
  }
}
