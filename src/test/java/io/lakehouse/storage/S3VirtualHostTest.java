package io.lakehouse.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.s3.FaultInjectingProxy;
import io.lakehouse.testing.s3.S3ProxyServer;
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
 * Virtual-host-style addressing ({@code path_style: false}, the AWS default): requests go to
 * {@code <bucket>.<endpoint host>}. Runs in its own JVM whose name resolution comes from
 * src/test/resources/virtual-host-hosts ({@code lake.localhost} → 127.0.0.1).
 */
class S3VirtualHostTest {
  @TempDir
  Path dir;

  @Test
  void bucketInTheHostName() throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.builder().virtualHost("localhost").start();
        FaultInjectingProxy proxy = FaultInjectingProxy.start(s3)) {
      s3.createBucket("lake");
      DeltaTestWriter t = DeltaTestWriter.create(dir.resolve("t"), List.of(Col.of("id", "long")));
      t.append(new Object[] {1L}, new Object[] {2L});
      s3.uploadDirectory(dir.resolve("t"), "lake", "t");
      Path secret = dir.resolve("secret");
      Files.writeString(secret, s3.secretKey());
      Path f = dir.resolve("c.yaml");
      Files.writeString(f, "storage:\n  lake: { type: s3, endpoint: '" + proxy.localhostEndpoint() + "', "
          + "allow_http: true, path_style: false, credentials: { type: static, access_key_id: " + s3.accessKey()
          + ", secret_access_key: '${file:" + secret + "}' } }\ncache: { directory: '" + dir.resolve("cache") + "' }\n"
          + "tables:\n  t: { format: delta, location: 's3://lake/t', storage: lake }\n");
      try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + f); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
        assertTrue(rs.next());
        assertEquals(t.readRows(t.latestVersion()).size(), rs.getLong(1));
      }
      assertTrue(proxy.requests().stream().allMatch(r -> r.host().startsWith("lake.localhost")),
          "every request names the bucket in the host: " + proxy.requests().stream().map(r -> r.host())
              .distinct().toList());
    }
  }
}
