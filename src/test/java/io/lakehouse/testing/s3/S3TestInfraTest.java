package io.lakehouse.testing.s3;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import io.lakehouse.testing.s3.FaultInjectingProxy.Fault;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleWithWebIdentityCredentialsProvider;
import software.amazon.awssdk.services.sts.model.StsException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Proves the S3 test infrastructure: a real S3 API server (s3proxy, subprocess on 127.0.0.1), the fault-injecting
 * proxy, the STS stub (no real STS is reachable from tests: a local stub speaking the real protocol, driven by the
 * real AWS SDK), and Iceberg/Delta tables on s3:// locations.
 */
class S3TestInfraTest {

  static S3ProxyServer s3;

  @BeforeAll
  static void startS3() {
    s3 = S3ProxyServer.start();
    System.out.println("[S3TestInfraTest] s3proxy " + s3.endpoint() + " up in " + s3.startupMillis() + " ms");
    s3.createBucket("infra");
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) s3.close();
  }

  // ----------------------------------------------------------------------------------------------- s3proxy basics

  @Test
  void putGetListRangeDelete() {
    s3.putObject("infra", "basic/hello.txt", "hello, s3");
    assertEquals("hello, s3", new String(s3.getObject("infra", "basic/hello.txt"), StandardCharsets.UTF_8));

    var head = s3.client().headObject(b -> b.bucket("infra").key("basic/hello.txt"));
    assertEquals(9, head.contentLength());
    assertNotNull(head.eTag());
    assertNotNull(head.lastModified());

    byte[] range = s3.client().getObjectAsBytes(b -> b.bucket("infra").key("basic/hello.txt").range("bytes=7-8"))
        .asByteArray();
    assertEquals("s3", new String(range, StandardCharsets.UTF_8));

    List<String> keys = s3.client().listObjectsV2(b -> b.bucket("infra").prefix("basic/")).contents().stream()
        .map(S3Object::key).toList();
    assertEquals(List.of("basic/hello.txt"), keys);

    s3.deleteObject("infra", "basic/hello.txt");
    S3Exception gone = assertThrows(S3Exception.class, () -> s3.getObject("infra", "basic/hello.txt"));
    assertEquals(404, gone.statusCode());
    assertEquals("NoSuchKey", gone.awsErrorDetails().errorCode());
  }

  @Test
  void missingBucketIs404NoSuchBucket() {
    S3Exception e = assertThrows(S3Exception.class, () -> s3.getObject("no-such-bucket", "x"));
    assertEquals(404, e.statusCode());
    assertTrue(e instanceof NoSuchBucketException || "NoSuchBucket".equals(e.awsErrorDetails().errorCode()),
        e.toString());
  }

  @Test
  void wrongSecretAndUnknownKeyAre403() {
    s3.putObject("infra", "auth/x", "x");
    try (S3Client wrongSecret = S3ProxyServer.clientBuilder(s3.endpoint(),
        StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), "not-the-secret")), true).build();
         S3Client unknownKey = S3ProxyServer.clientBuilder(s3.endpoint(),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAUNKNOWN", s3.secretKey())), true).build();
         S3Client anonymous = S3ProxyServer.clientBuilder(s3.endpoint(), AnonymousCredentialsProvider.create(), true)
             .build()) {
      S3Exception e1 = assertThrows(S3Exception.class,
          () -> wrongSecret.getObjectAsBytes(b -> b.bucket("infra").key("auth/x")));
      assertEquals(403, e1.statusCode());
      assertEquals("SignatureDoesNotMatch", e1.awsErrorDetails().errorCode());
      S3Exception e2 = assertThrows(S3Exception.class,
          () -> unknownKey.getObjectAsBytes(b -> b.bucket("infra").key("auth/x")));
      assertEquals(403, e2.statusCode());
      assertEquals("InvalidAccessKeyId", e2.awsErrorDetails().errorCode());
      S3Exception e3 = assertThrows(S3Exception.class,
          () -> anonymous.getObjectAsBytes(b -> b.bucket("infra").key("auth/x")));
      assertEquals(403, e3.statusCode());
      assertEquals("AccessDenied", e3.awsErrorDetails().errorCode());
    }
  }

  @Test
  void sessionTokenNeedsIgnoreUnknownHeaders() {
    AwsSessionCredentials temp = AwsSessionCredentials.create(s3.accessKey(), s3.secretKey(), "any-token");
    try (S3Client c =
             S3ProxyServer.clientBuilder(s3.endpoint(), StaticCredentialsProvider.create(temp), true).build()) {
      c.headBucket(b -> b.bucket("infra")); // default: accepted (token not validated by s3proxy)
    }
    try (S3ProxyServer strict = S3ProxyServer.builder().strictHeaders().start();
         S3Client c = S3ProxyServer.clientBuilder(strict.endpoint(), StaticCredentialsProvider.create(
             AwsSessionCredentials.create(strict.accessKey(), strict.secretKey(), "any-token")), true).build()) {
      strict.createBucket("strict");
      S3Exception e = assertThrows(S3Exception.class, () -> c.headBucket(b -> b.bucket("strict")));
      assertEquals(501, e.statusCode());
    }
  }

  @Test
  void conditionalCreateIfNoneMatch() {
    s3.putObject("infra", "cond/once", "1");
    S3Exception e = assertThrows(S3Exception.class, () -> s3.client().putObject(
        b -> b.bucket("infra").key("cond/once").ifNoneMatch("*"), RequestBody.fromString("2")));
    assertEquals(412, e.statusCode());
    assertEquals("1", new String(s3.getObject("infra", "cond/once"), StandardCharsets.UTF_8));
  }

  @Test
  void lastModifiedFollowsBackendFileMtime() {
    s3.putObject("infra", "mtime/_delta_log/00000000000000000000.json", "{}");
    Instant t = Instant.parse("2024-01-02T03:04:05Z");
    s3.setLastModified("infra", "mtime/_delta_log/00000000000000000000.json", t);
    assertEquals(t, s3.client().headObject(b -> b.bucket("infra").key("mtime/_delta_log/00000000000000000000.json"))
        .lastModified());
  }

  @Test
  void uploadDirectoryKeepsRelativePaths(@TempDir Path dir) throws Exception {
    Path t = dir.resolve("sales");
    DeltaTestWriter w = DeltaTestWriter.create(t, List.of(new Col("id", "long", false), Col.of("region", "string")),
        List.of("region"));
    w.append(new Object[] {1L, "eu"}, new Object[] {2L, "us"});
    List<String> uploaded = s3.uploadDirectory(t, "infra", "delta/sales");
    Set<String> listed = s3.client().listObjectsV2Paginator(b -> b.bucket("infra").prefix("delta/sales/")).contents()
        .stream().map(S3Object::key).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(uploaded), listed);
    assertTrue(listed.contains("delta/sales/_delta_log/00000000000000000000.json"), listed.toString());
    assertTrue(listed.contains("delta/sales/_delta_log/00000000000000000001.json"), listed.toString());
    assertTrue(listed.stream().anyMatch(k -> k.startsWith("delta/sales/region=eu/") && k.endsWith(".parquet")),
        listed.toString());
  }

  // -------------------------------------------------------------------------------------------- virtual-host style

  @Test
  void virtualHostStyle() {
    try (S3ProxyServer vh = S3ProxyServer.builder().virtualHost("localhost").start();
         S3Client virtual = vh.virtualHostClientBuilder().build();
         FaultInjectingProxy proxy = FaultInjectingProxy.start(vh);
         S3Client viaProxy = S3ProxyServer.clientBuilder(proxy.localhostEndpoint(), vh.credentialsProvider(), false)
             .build()) {
      assertEquals("http://localhost:" + vh.port(), vh.endpoint());
      vh.createBucket("vbucket");                  // path-style through http://localhost:PORT
      virtual.putObject(b -> b.bucket("vbucket").key("a/b.txt"), RequestBody.fromString("virtual"));
      assertEquals("virtual", new String(vh.getObject("vbucket", "a/b.txt"), StandardCharsets.UTF_8));
      assertEquals("virtual", virtual.getObjectAsBytes(b -> b.bucket("vbucket").key("a/b.txt")).asUtf8String());
      assertEquals(List.of("a/b.txt"), virtual.listObjectsV2(b -> b.bucket("vbucket")).contents().stream()
          .map(S3Object::key).toList());

      // Through the proxy: the client signed Host "vbucket.localhost:<proxy port>", forwarded unchanged.
      assertEquals("virtual", viaProxy.getObjectAsBytes(b -> b.bucket("vbucket").key("a/b.txt")).asUtf8String());
      FaultInjectingProxy.Request r = proxy.requests().get(0);
      assertEquals("vbucket.localhost:" + proxy.port(), r.host());
      assertEquals("/a/b.txt", r.path());
    }
  }

  // ---------------------------------------------------------------------------------------------- fault injection

  @Test
  void faultProxyInjects503AndSdkRetrySucceeds() {
    s3.putObject("infra", "faults/obj", "payload");
    try (FaultInjectingProxy proxy = FaultInjectingProxy.start(s3);
         S3Client c = S3ProxyServer.clientBuilder(proxy.endpoint(), s3.credentialsProvider(), true)
             .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)).build()) {
      // Forwarded byte for byte: SigV4 signed for Host 127.0.0.1:<proxy port> verifies at s3proxy.
      assertEquals("payload", c.getObjectAsBytes(b -> b.bucket("infra").key("faults/obj")).asUtf8String());
      assertEquals(1, proxy.requestCount());
      assertEquals("127.0.0.1:" + proxy.port(), proxy.requests().get(0).host());

      proxy.reset().failNext(2, Fault.SLOW_DOWN);
      assertEquals("payload", c.getObjectAsBytes(b -> b.bucket("infra").key("faults/obj")).asUtf8String());
      assertEquals(3, proxy.requestCount());
      assertEquals(2, proxy.faultCount());
      assertEquals(List.of("SLOW_DOWN", "SLOW_DOWN", "forward"),
          proxy.requests().stream().map(FaultInjectingProxy.Request::action).toList());

      // PUT with a body: 500 then retry (the body is re-sent, the signature still verifies).
      proxy.reset().failNext(1, Fault.INTERNAL_ERROR, r -> r.method().equals("PUT"));
      c.putObject(b -> b.bucket("infra").key("faults/put"), RequestBody.fromString("retried put"));
      assertEquals("retried put", new String(s3.getObject("infra", "faults/put"), StandardCharsets.UTF_8));
      assertEquals(2, proxy.requestCount());
      assertEquals(1, proxy.faultCount());

      // Connection reset: the SDK retries I/O errors too.
      proxy.reset().failNext(1, Fault.RESET);
      assertEquals("payload", c.getObjectAsBytes(b -> b.bucket("infra").key("faults/obj")).asUtf8String());
      assertEquals(2, proxy.requestCount());

      // Every 2nd request fails: 4 GETs need 6 requests... each failed one is retried once.
      proxy.reset().failEvery(2, Fault.SERVICE_UNAVAILABLE);
      for (int i = 0; i < 4; i++) {
        assertEquals("payload", c.getObjectAsBytes(b -> b.bucket("infra").key("faults/obj")).asUtf8String());
      }
      assertEquals(proxy.faultCount() + 4, proxy.requestCount());
      assertTrue(proxy.faultCount() >= 2, "faults " + proxy.faultCount());
    }
  }

  @Test
  void retriesExhaustedSurfaceTheInjectedError() {
    s3.putObject("infra", "faults/exhaust", "x");
    try (FaultInjectingProxy proxy = FaultInjectingProxy.start(s3);
         S3Client c = S3ProxyServer.clientBuilder(proxy.endpoint(), s3.credentialsProvider(), true)
             .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(3))).build()) {
      proxy.failNext(10, Fault.SLOW_DOWN);
      S3Exception e = assertThrows(S3Exception.class,
          () -> c.getObjectAsBytes(b -> b.bucket("infra").key("faults/exhaust")));
      assertEquals(503, e.statusCode());
      assertEquals("SlowDown", e.awsErrorDetails().errorCode());
      assertEquals(3, proxy.requestCount());
    }
  }

  @Test
  void delayTriggersAttemptTimeout() {
    s3.putObject("infra", "faults/slow", "slow");
    try (FaultInjectingProxy proxy = FaultInjectingProxy.start(s3);
         S3Client c = S3ProxyServer.clientBuilder(proxy.endpoint(), s3.credentialsProvider(), true)
             .overrideConfiguration(ClientOverrideConfiguration.builder()
                 .apiCallAttemptTimeout(Duration.ofMillis(500)).build()).build()) {
      proxy.delayNext(1, Duration.ofMillis(1500));
      long t0 = System.nanoTime();
      assertEquals("slow", c.getObjectAsBytes(b -> b.bucket("infra").key("faults/slow")).asUtf8String());
      assertTrue(System.nanoTime() - t0 < 1_400_000_000L, "the timed-out attempt was retried, not awaited");
      assertEquals(1, proxy.delayCount());
      assertEquals(2, proxy.requestCount());

      proxy.reset().delayNext(1, Duration.ofMillis(1500));
      try (S3Client noRetry = S3ProxyServer.clientBuilder(proxy.endpoint(), s3.credentialsProvider(), true)
          .overrideConfiguration(o -> o.apiCallAttemptTimeout(Duration.ofMillis(300)).retryStrategy(
              b -> b.maxAttempts(1))).build()) {
        assertThrows(SdkClientException.class,
            () -> noRetry.getObjectAsBytes(b -> b.bucket("infra").key("faults/slow")));
      }
    }
  }

  // ----------------------------------------------------------------------------------------------------- STS stub

  @Test
  void stsAssumeRoleWithTheRealSdk() {
    try (StsStubServer sts = StsStubServer.startFor(s3).expiresIn(Duration.ofHours(1));
         StsClient stsClient = StsClient.builder()
             .endpointOverride(URI.create(sts.endpoint()))
             .region(Region.US_EAST_1)
             .credentialsProvider(StaticCredentialsProvider.create(
                 AwsBasicCredentials.create("AKIASOURCE", "source-secret")))
             .build()) {
      // Plain client call.
      var resp = stsClient.assumeRole(b -> b.roleArn("arn:aws:iam::123456789012:role/reader")
          .roleSessionName("lakehouse-jdbc").externalId("ext-42").durationSeconds(900));
      assertEquals(s3.accessKey(), resp.credentials().accessKeyId());
      assertEquals(s3.secretKey(), resp.credentials().secretAccessKey());
      assertTrue(resp.credentials().sessionToken().startsWith("stub-session-1-"));
      assertTrue(resp.credentials().expiration().isAfter(Instant.now().plus(Duration.ofMinutes(59))));
      assertEquals("arn:aws:sts::123456789012:assumed-role/reader/lakehouse-jdbc", resp.assumedRoleUser().arn());
      StsStubServer.StsRequest r = sts.lastRequest();
      assertEquals("AssumeRole", r.action());
      assertEquals("arn:aws:iam::123456789012:role/reader", r.roleArn());
      assertEquals("ext-42", r.externalId());
      assertEquals("lakehouse-jdbc", r.roleSessionName());
      assertEquals(900, r.durationSeconds());
      assertEquals("AKIASOURCE", r.signingAccessKey());
      assertEquals("2011-06-15", r.params().get("Version"));

      // The SDK's provider, and its credentials used against s3proxy (with x-amz-security-token).
      try (StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
          .stsClient(stsClient)
          .refreshRequest(b -> b.roleArn("arn:aws:iam::123456789012:role/reader").roleSessionName("s")
              .externalId("ext-43"))
          .build();
           S3Client viaRole = S3ProxyServer.clientBuilder(s3.endpoint(), provider, true).build()) {
        AwsSessionCredentials creds = (AwsSessionCredentials) provider.resolveCredentials();
        assertEquals(s3.accessKey(), creds.accessKeyId());
        assertEquals("ext-43", sts.lastRequest().externalId());
        assertNull(sts.lastRequest().durationSeconds());
        viaRole.putObject(b -> b.bucket("infra").key("sts/role.txt"), RequestBody.fromString("assumed"));
        assertEquals("assumed", new String(s3.getObject("infra", "sts/role.txt"), StandardCharsets.UTF_8));
        assertEquals(2, sts.requestCount(), "cached by the provider until close to expiry");

        // s3proxy accepts any session token without checking it: assert on the wire (via the proxy) instead.
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(s3);
             S3Client viaProxy = S3ProxyServer.clientBuilder(proxy.endpoint(), provider, true).build()) {
          viaProxy.headObject(b -> b.bucket("infra").key("sts/role.txt"));
          assertEquals(creds.sessionToken(), proxy.requests().get(0).headers().get("x-amz-security-token"));
        }
      }

      // Short-lived credentials are refreshed: under the SDK's 1-minute stale time every resolve calls STS again.
      sts.expiresIn(Duration.ofSeconds(30));
      try (StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
          .stsClient(stsClient).asyncCredentialUpdateEnabled(false)
          .refreshRequest(b -> b.roleArn("arn:aws:iam::123456789012:role/reader").roleSessionName("s"))
          .build()) {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 3; i++) tokens.add(((AwsSessionCredentials) provider.resolveCredentials()).sessionToken());
        assertEquals(3, tokens.size());
      }

      // Rejection: 403 AccessDenied in STS's error format.
      sts.rejectWithAccessDenied();
      StsException denied = assertThrows(StsException.class, () -> stsClient.assumeRole(
          b -> b.roleArn("arn:aws:iam::123456789012:role/other").roleSessionName("x")));
      assertEquals(403, denied.statusCode());
      assertEquals("AccessDenied", denied.awsErrorDetails().errorCode());
      assertTrue(denied.awsErrorDetails().errorMessage().contains("role/other"));
      sts.accept();

      // Validation like STS: DurationSeconds < 900.
      StsException invalid = assertThrows(StsException.class, () -> stsClient.assumeRole(
          b -> b.roleArn("arn:aws:iam::123456789012:role/reader").roleSessionName("x").durationSeconds(60)));
      assertEquals(400, invalid.statusCode());
      assertEquals("ValidationError", invalid.awsErrorDetails().errorCode());
    }
  }

  @Test
  void stsWebIdentityWithTheRealSdk() {
    try (StsStubServer sts = StsStubServer.startFor(s3);
         StsClient stsClient = StsClient.builder()
             .endpointOverride(URI.create(sts.endpoint()))
             .region(Region.US_EAST_1)
             .credentialsProvider(AnonymousCredentialsProvider.create())
             .build();
         StsAssumeRoleWithWebIdentityCredentialsProvider provider =
             StsAssumeRoleWithWebIdentityCredentialsProvider.builder()
                 .stsClient(stsClient)
                 .refreshRequest(b -> b.roleArn("arn:aws:iam::123456789012:role/irsa")
                     .roleSessionName("pod-1").webIdentityToken("eyJhbGciOi.stub.jwt"))
                 .build();
         S3Client viaWebIdentity = S3ProxyServer.clientBuilder(s3.endpoint(), provider, true).build()) {
      viaWebIdentity.putObject(b -> b.bucket("infra").key("sts/irsa.txt"), RequestBody.fromString("irsa"));
      assertEquals("irsa", new String(s3.getObject("infra", "sts/irsa.txt"), StandardCharsets.UTF_8));
      StsStubServer.StsRequest r = sts.lastRequest();
      assertEquals("AssumeRoleWithWebIdentity", r.action());
      assertEquals("arn:aws:iam::123456789012:role/irsa", r.roleArn());
      assertEquals("pod-1", r.roleSessionName());
      assertEquals("eyJhbGciOi.stub.jwt", r.webIdentityToken());
      assertFalse(r.signed(), "AssumeRoleWithWebIdentity is an unsigned call");
    }
  }

  // ------------------------------------------------------------------------------------------------ Iceberg on S3

  @Test
  void icebergTableWithS3LocationsWrittenAndReadBack() throws Exception {
    Schema schema = new Schema(
        required(1, "id", Types.LongType.get()),
        optional(2, "region", Types.StringType.get()),
        optional(3, "amount", Types.DoubleType.get()));
    PartitionSpec spec = PartitionSpec.builderFor(schema).identity("region").build();
    S3TestFileIO io = new S3TestFileIO(s3.client());
    String location = "s3://infra/warehouse/orders";

    IcebergTestWriter w = S3IcebergWriter.create(io, location, schema, spec);
    long s1 = w.append(new Object[] {1L, "eu", 10.0}, new Object[] {2L, "us", 20.0}, new Object[] {3L, "eu", 30.0});
    w.append(new Object[] {4L, "us", 40.0});
    w.deleteWhereEquals("id", 2L);          // position delete file referencing an s3:// data file
    w.tag("first", s1);

    // Everything the table references is an s3:// location and really is in the bucket.
    Table t = HadoopLayoutTables.load(io, location);
    assertEquals(location, t.location());
    String metadataFile = HadoopLayoutTables.currentMetadataLocation(t);
    assertTrue(metadataFile.startsWith(location + "/metadata/v"), metadataFile);
    assertTrue(t.currentSnapshot().manifestListLocation().startsWith(location + "/metadata/"));
    for (ManifestFile m : t.currentSnapshot().allManifests(t.io())) assertTrue(m.path().startsWith("s3://infra/"));
    int deleteFiles = 0;
    try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        assertTrue(task.file().location().startsWith(location + "/data/region="), task.file().location());
        for (var d : task.deletes()) {
          assertTrue(d.location().startsWith(location + "/data/"));
          deleteFiles++;
        }
      }
    }
    assertEquals(1, deleteFiles);
    String json = new String(s3.getObject("infra", "warehouse/orders/metadata/version-hint.text"),
        StandardCharsets.UTF_8);
    assertEquals(metadataFile, location + "/metadata/v" + json.trim() + ".metadata.json");
    assertEquals(t.currentSnapshot().snapshotId(),
        TableMetadataParser.read(io, metadataFile).currentSnapshot().snapshotId());

    // Read back with Iceberg's own generic reader through the S3 FileIO.
    assertEquals(List.of("1:eu:10.0", "3:eu:30.0", "4:us:40.0"), rows(t, null));
    assertEquals(List.of("1:eu:10.0", "2:us:20.0", "3:eu:30.0"), rows(t, s1));
    assertEquals(s1, t.refs().get("first").snapshotId());

    // Exclusive create really is exclusive on S3.
    assertThrows(org.apache.iceberg.exceptions.AlreadyExistsException.class,
        () -> io.newOutputFile(metadataFile).create());
  }

  private static List<String> rows(Table t, Long snapshotId) throws Exception {
    var builder = IcebergGenerics.read(t);
    if (snapshotId != null) builder = builder.useSnapshot(snapshotId);
    List<String> out = new ArrayList<>();
    try (CloseableIterable<Record> rs = builder.build()) {
      for (Record r : rs) out.add(r.getField("id") + ":" + r.getField("region") + ":" + r.getField("amount"));
    }
    out.sort(null);
    return out;
  }
}
