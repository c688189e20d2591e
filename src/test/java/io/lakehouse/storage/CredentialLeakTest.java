package io.lakehouse.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.config.CatalogLoader;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.s3.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials never leave the driver: everything it printed and returned in a session with literal secrets in the
 * catalog (results, EXPLAIN, metadata, property info, every exception with its causes and stack) is searched for
 * the secret values.
 */
class CredentialLeakTest {
  @TempDir
  Path dir;

  @Test
  void secretsAppearNowhere() throws Exception {
    String secretKey = "LeakCanarySecret" + Long.toHexString(System.nanoTime());
    String sessionToken = "LeakCanaryToken" + Long.toHexString(System.nanoTime());
    String password = "LeakCanaryPassword" + Long.toHexString(System.nanoTime());
    StringBuilder seen = new StringBuilder();
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (S3ProxyServer s3 = S3ProxyServer.start("AKIDLEAKTEST", secretKey)) {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
      s3.createBucket("lake");
      DeltaTestWriter t = DeltaTestWriter.create(dir.resolve("t"), List.of(Col.of("id", "long")));
      t.append(new Object[] {1L}, new Object[] {2L});
      s3.uploadDirectory(dir.resolve("t"), "lake", "t");
      Path catalog = dir.resolve("c.yaml");
      Files.writeString(catalog, "storage:\n  lake: { type: s3, endpoint: '" + s3.endpoint() + "', allow_http: true,"
          + " path_style: true, credentials: { type: static, access_key_id: AKIDLEAKTEST, secret_access_key: '"
          + secretKey + "' } }\n"
          + "  bad: { type: s3, endpoint: '" + s3.endpoint() + "', allow_http: true, path_style: true, prefixes: "
          + "['s3://lake/bad'], credentials: { type: static, access_key_id: AKIDLEAKTEST, secret_access_key: "
          + "'wrong" + secretKey + "', session_token: '" + sessionToken + "' } }\n"
          + "cache: { directory: '" + dir.resolve("cache") + "' }\n"
          + "tables:\n  t: { format: delta, location: 's3://lake/t', storage: lake }\n"
          + "  bad: { format: delta, location: 's3://lake/bad/t' }\n");
      String url = "jdbc:lakehouse:" + catalog + "?password=" + password;
      Driver driver = DriverManager.getDriver(url);
      for (DriverPropertyInfo i : driver.getPropertyInfo(url, new Properties())) {
        seen.append(i.name).append('=').append(i.value).append(' ').append(i.description).append('\n');
      }
      seen.append(CatalogLoader.load(catalog.toString()).storage()).append('\n');
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        DatabaseMetaData md = c.getMetaData();
        seen.append(md.getURL()).append(md.getUserName()).append(c).append('\n');
        dump(md.getTables(null, null, "%", null), seen);
        for (String sql : List.of("SELECT * FROM t", "EXPLAIN SELECT * FROM t", "SELECT * FROM bad",
            "SELECT * FROM delta_scan('s3://lake/t/../../etc')", "SELECT nope FROM t", "SELECT * FROM nope")) {
          try (ResultSet rs = s.executeQuery(sql)) {
            dump(rs, seen);
          } catch (Exception e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            seen.append(trace);
          }
        }
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    seen.append(printed.toString(StandardCharsets.UTF_8));
    String all = seen.toString();
    assertTrue(all.contains("AccessDenied") || all.contains("access denied"), "the failing profile was exercised");
    for (String secret : List.of(secretKey, sessionToken, password)) {
      assertFalse(all.contains(secret), "secret leaked: " + all.substring(Math.max(0, all.indexOf(secret) - 200),
          Math.min(all.length(), all.indexOf(secret) + 50)));
    }
  }

  private static void dump(ResultSet rs, StringBuilder out) throws Exception {
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      for (int i = 1; i <= n; i++) {
        out.append(rs.getString(i)).append('|');
      }
      out.append('\n');
    }
  }
}
