package io.lakehouse.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
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
import java.util.Objects;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cache: { mode: sparse }}: only footers and the column chunks a query names are fetched; every answer is
 * the same as with whole-file downloads, also when a later query needs more columns of a cached file, with
 * filters on columns not selected, deletes, renamed Iceberg columns and stars.
 */
class SparseCacheTest {
  @TempDir
  static Path dir;
  private static S3ProxyServer s3;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start();
    s3.createBucket("lake");
    DeltaTestWriter t = DeltaTestWriter.create(dir.resolve("local/wide"), List.of(Col.of("id", "long"),
        Col.of("grp", "int"), Col.of("amount", "double"), Col.of("comment", "string")));
    for (int f = 0; f < 3; f++) {
      List<Object[]> rows = new ArrayList<>();
      for (long i = f * 2000L; i < f * 2000L + 2000; i++) {
        rows.add(new Object[] {i, (int) (i % 7), i * 0.5, "a long comment that makes this column wide #" + i
            + " ".repeat((int) (i % 50))});
      }
      t.append(rows);
    }
    s3.uploadDirectory(dir.resolve("local/wide"), "lake", "wide");
    Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "name", Types.StringType.get()),
        Types.NestedField.optional(3, "note", Types.StringType.get()));
    IcebergTestWriter ice = S3IcebergWriter.create(s3, "lake", "ice", schema, PartitionSpec.unpartitioned());
    List<Object[]> rows = new ArrayList<>();
    for (long i = 0; i < 500; i++) {
      rows.add(new Object[] {i, "n" + i, "note " + i});
    }
    ice.append(rows);
    ice.deleteWhereEquals("id", 7L);
    ice.equalityDelete(List.of("id"), List.<Object[]>of(new Object[] {9L}));
    ice.renameColumn("name", "full_name");
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  private static String url(String name, String endpoint, String mode) throws Exception {
    Path secret = dir.resolve(name + ".secret");
    Files.writeString(secret, s3.secretKey());
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(f, "storage:\n  lake: { type: s3, endpoint: '" + endpoint + "', allow_http: true, path_style: "
        + "true, credentials: { type: static, access_key_id: " + s3.accessKey() + ", secret_access_key: '${file:"
        + secret + "}' } }\ncache: { directory: '" + dir.resolve("cache-" + name) + "', mode: " + mode + " }\n"
        + "tables:\n  wide: { format: delta, location: 's3://lake/wide', storage: lake }\n"
        + "  ice: { format: iceberg, location: 's3://lake/ice', storage: lake }\n");
    return "jdbc:lakehouse:" + f;
  }

  private static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(Objects.toString(rs.getObject(i))).append('|');
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  @Test
  void wholeRowsAndColumnAliasesReadEveryColumn() throws Exception {
    // A table's alias used as a value is its whole row, and column aliases rename its columns: neither names the
    // columns it reads, so the fetch must take them all (a chunk left out reads as invalid Parquet data).
    List<String> queries = List.of("SELECT max(w) FROM wide w WHERE w.grp = 3",
        "SELECT max(to_json(wide)) FROM wide", "SELECT max(x), min(c) FROM wide AS w(x, g, a, c)");
    try (Connection whole = DriverManager.getConnection(url("whole-rows", s3.endpoint(), "whole"))) {
      int n = 0;
      for (String q : queries) {
        try (Connection fresh = DriverManager.getConnection(url("sparse-rows" + n++, s3.endpoint(), "sparse"))) {
          assertEquals(rows(whole, q), rows(fresh, q), q);
        }
      }
    }
  }

  @Test
  void sameAnswersAsWholeFilesWithFewerBytes() throws Exception {
    List<String> queries = List.of(
        "SELECT sum(amount) FROM wide",
        "SELECT count(*) FROM wide",
        "SELECT grp, count(*), sum(amount) FROM wide WHERE comment LIKE '%#12%' GROUP BY grp ORDER BY grp",
        "SELECT id FROM wide WHERE id % 997 = 3 ORDER BY id",
        "SELECT * FROM wide WHERE id BETWEEN 10 AND 20 ORDER BY id",
        "SELECT w.id, w.comment FROM wide w WHERE w.grp = 3 ORDER BY w.id LIMIT 5",
        "SELECT count(*), min(full_name) FROM ice",
        "SELECT * FROM ice ORDER BY id");
    try (FaultInjectingProxy proxy = FaultInjectingProxy.start(s3);
        Connection whole = DriverManager.getConnection(url("whole", s3.endpoint(), "whole"));
        Connection sparse = DriverManager.getConnection(url("sparse", proxy.endpoint(), "sparse"));
        Connection wholeCounted = DriverManager.getConnection(url("wholecounted", proxy.endpoint(), "whole"))) {
      for (String q : queries) {
        assertEquals(rows(whole, q), rows(sparse, q), q);
      }
      proxy.reset();
      rows(wholeCounted, "SELECT sum(amount) FROM wide");
      long wholeBytes = proxy.bytesToClients();
      proxy.reset();
      try (Connection fresh = DriverManager.getConnection(url("sparse2", proxy.endpoint(), "sparse"))) {
        rows(fresh, "SELECT sum(amount) FROM wide");
      }
      long sparseBytes = proxy.bytesToClients();
      assertTrue(sparseBytes * 2 < wholeBytes, "sparse " + sparseBytes + " vs whole " + wholeBytes + " bytes");
      proxy.reset();
      try (Connection fresh = DriverManager.getConnection(url("wholecount", proxy.endpoint(), "whole"))) {
        rows(fresh, "SELECT count(*) FROM wide LIMIT 1");
      }
      long wholeCount = proxy.bytesToClients();
      proxy.reset();
      try (Connection fresh = DriverManager.getConnection(url("sparse3", proxy.endpoint(), "sparse"))) {
        // LIMIT: a count read from the files, not answered from the table's statistics
        assertEquals(rows(whole, "SELECT count(*) FROM wide LIMIT 1"),
            rows(fresh, "SELECT count(*) FROM wide LIMIT 1"));
      }
      assertTrue(proxy.bytesToClients() < wholeCount, "count(*) reads only file tails: "
          + proxy.bytesToClients() + " vs " + wholeCount + " bytes");
    }
  }
}
