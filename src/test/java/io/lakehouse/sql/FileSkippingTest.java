package io.lakehouse.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WHERE conjuncts let Delta Kernel and Iceberg skip files (partitions, column statistics), and skipping never
 * changes an answer. Expected rows are computed from what the writers wrote.
 */
class FileSkippingTest {
  private static final String[] REGIONS = {"eu", "us", "apac"};
  private static final int APPENDS = 4;
  private static final int ROWS_PER_APPEND = 30;

  @TempDir
  static Path dir;
  private static final List<Object[]> written = new ArrayList<>();
  private static Connection connection;

  @BeforeAll
  static void write() throws Exception {
    DeltaTestWriter delta = DeltaTestWriter.create(dir.resolve("lake/orders"),
        List.of(Col.of("id", "long"), Col.of("region", "string"), Col.of("qty", "int")), List.of("region"));
    IcebergTestWriter iceberg = IcebergTestWriter.create(dir.resolve("lake/events"), new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "region", Types.StringType.get()),
        Types.NestedField.optional(3, "qty", Types.IntegerType.get())), PartitionSpec.unpartitioned());
    long id = 0;
    for (int a = 0; a < APPENDS; a++) {
      List<Object[]> rows = new ArrayList<>();
      for (int i = 0; i < ROWS_PER_APPEND; i++, id++) {
        rows.add(new Object[] {id, REGIONS[(int) (id % REGIONS.length)], i % 7 == 0 ? null : (int) (id % 11)});
      }
      delta.append(rows);
      iceberg.append(rows);
      written.addAll(rows);
    }
    connection = DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("lake"));
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
  }

  private static int plannedFiles(String query) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN " + query)) {
      assertTrue(rs.next());
      Matcher m = Pattern.compile("; (\\d+) files,").matcher(rs.getString(1));
      assertTrue(m.find(), rs.getString(1));
      return Integer.parseInt(m.group(1));
    }
  }

  private static long count(String query) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  private static long expected(java.util.function.Predicate<Object[]> p) {
    return written.stream().filter(p).count();
  }

  @Test
  void deltaPartitionPruning() throws SQLException {
    int all = plannedFiles("SELECT * FROM orders");
    assertEquals(APPENDS * REGIONS.length, all, "one file per partition per append");
    assertEquals(APPENDS, plannedFiles("SELECT * FROM orders WHERE region = 'eu'"));
    assertEquals(APPENDS, plannedFiles("SELECT * FROM orders o WHERE 'eu' = o.region"));
    assertEquals(2 * APPENDS, plannedFiles("SELECT * FROM orders WHERE region IN ('eu', 'us')"));
    // An OR of equalities on one column is that IN; an OR over two columns cannot skip.
    assertEquals(2 * APPENDS, plannedFiles("SELECT * FROM orders WHERE region = 'eu' OR (region = 'us')"));
    assertEquals(2 * APPENDS, plannedFiles("SELECT * FROM orders WHERE region IN ('eu') OR region = 'us'"));
    assertEquals(all, plannedFiles("SELECT * FROM orders WHERE region = 'eu' OR qty = 3"));
    assertEquals(expected(r -> r[1].equals("eu") || r[1].equals("us")),
        count("SELECT count(*) FROM orders WHERE region = 'eu' OR region = 'us'"));
    assertEquals(expected(r -> r[1].equals("eu") || Integer.valueOf(3).equals(r[2])),
        count("SELECT count(*) FROM orders WHERE region = 'eu' OR qty = 3"));
    assertEquals(expected(r -> r[1].equals("eu")), count("SELECT count(*) FROM orders WHERE region = 'eu'"));
  }

  @Test
  void statisticsSkipFilesInBothFormats() throws SQLException {
    long id = ROWS_PER_APPEND + 3;
    for (String table : List.of("orders", "events")) {
      int all = plannedFiles("SELECT * FROM " + table);
      int one = plannedFiles("SELECT * FROM " + table + " WHERE id = " + id);
      assertTrue(one < all, table + ": " + one + " of " + all);
      assertEquals(1, count("SELECT count(*) FROM " + table + " WHERE id = " + id));
      int range = plannedFiles("SELECT * FROM " + table + " WHERE id BETWEEN 0 AND " + (ROWS_PER_APPEND - 1));
      assertTrue(range < all, table);
      assertEquals(expected(r -> (long) r[0] >= ROWS_PER_APPEND * 2),
          count("SELECT count(*) FROM " + table + " WHERE id >= " + ROWS_PER_APPEND * 2));
    }
  }

  @Test
  void parametersSkipToo() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("EXPLAIN SELECT * FROM events WHERE id = ?")) {
      ps.setLong(1, 5);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertTrue(rs.getString(1).contains("; 1 files,"), rs.getString(1));
      }
    }
  }

  @Test
  void skippingNeverChangesAnswers() throws SQLException {
    // Nullable side of an outer join: files must not be skipped for WHERE filters on it.
    assertEquals(expected(r -> r[2] == null), count("SELECT count(*) FROM orders o LEFT JOIN events e "
        + "ON o.id = e.id AND e.qty IS NOT NULL WHERE e.id IS NULL"));
    // Not a skipping predicate (function of the column): every file still read.
    assertEquals(expected(r -> (long) r[0] % 10 == 3), count("SELECT count(*) FROM events WHERE id % 10 = 3"));
    // A constant of another type is not translated, the answer is DuckDB's.
    assertEquals(expected(r -> (long) r[0] < 10), count("SELECT count(*) FROM events WHERE id < 9.5"));
    assertEquals(expected(r -> r[2] == null), count("SELECT count(*) FROM orders WHERE qty IS NULL"));
    assertEquals(expected(r -> !(((long) r[0]) >= 5 && ((long) r[0]) <= 50)),
        count("SELECT count(*) FROM events WHERE id NOT BETWEEN 5 AND 50"));
    // Columns of another table in a join are not this table's.
    assertEquals(expected(r -> r[1].equals("us")), count("SELECT count(*) FROM orders o JOIN events e "
        + "ON o.id = e.id WHERE e.region = 'us'"));
    assertTrue(Files.isDirectory(dir.resolve("lake/orders/_delta_log")));
  }

  /**
   * Reported bugs, reproduced end to end (unit tests: FileSkippingPredicatesTest, IcebergPredicatesTest): the
   * answer with skipping differs from DuckDB's own (the same WHERE over a sub-query, where nothing is skipped).
   */
  @Test
  void skippingAgreesWithDuckDbOnInexactConstants(@TempDir Path own) throws Exception {
    DeltaTestWriter big = DeltaTestWriter.create(own.resolve("lake/big"), List.of(Col.of("id", "long")));
    big.append(List.<Object[]>of(new Object[] {9_007_199_254_740_992L}));
    big.append(List.<Object[]>of(new Object[] {1L}));
    LocalDateTime epoch = LocalDateTime.of(1970, 1, 1, 0, 0);
    IcebergTestWriter times = IcebergTestWriter.create(own.resolve("lake/times"), new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.required(2, "ts", Types.TimestampType.withoutZone())), PartitionSpec.unpartitioned());
    times.append(List.<Object[]>of(new Object[] {1L, epoch}));
    times.append(List.<Object[]>of(new Object[] {2L, epoch.minusSeconds(10)}));
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + own.resolve("lake"))) {
      for (String where : List.of("id >= 9007199254740993e0", "id = 9007199254740993e0")) {
        assertEquals(count(c, "SELECT count(*) FROM (SELECT * FROM big) s WHERE " + where),
            count(c, "SELECT count(*) FROM big WHERE " + where), where);
      }
      LocalDateTime justBefore = epoch.minusNanos(500);
      assertEquals(count(c, "SELECT count(*) FROM (SELECT * FROM times) s WHERE ts > ?", justBefore),
          count(c, "SELECT count(*) FROM times WHERE ts > ?", justBefore), "ts > " + justBefore);
    }
  }

  private static long count(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        return rs.getLong(1);
      }
    }
  }
}
