package io.lakehouse.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.jdbc.LakehouseConnection;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process result cache through the JDBC driver, over tables written by Delta Kernel and Iceberg core: a
 * repeat is a hit with the same answer, a new commit is a miss with the new answer, parameters and grants are part
 * of the key, non-deterministic queries bypass it, and a cached result is indistinguishable from an uncached one.
 * Each test has its own catalog file, so its own cache and counters.
 */
class ResultCacheTest {
  @TempDir
  static Path dir;
  static DeltaTestWriter sales;
  static IcebergTestWriter events;
  private static final AtomicInteger catalogs = new AtomicInteger();

  @BeforeAll
  static void write() {
    sales = DeltaTestWriter.create(dir.resolve("sales"),
        List.of(Col.of("id", "long"), Col.of("region", "string"), Col.of("amount", "int")), List.of("region"));
    List<Object[]> rows = new ArrayList<>();
    String[] regions = {"eu", "us", "apac"};
    for (long i = 0; i < 300; i++) {
      rows.add(new Object[] {i, regions[(int) (i % 3)], (int) (i * 7 % 101)});
    }
    sales.append(rows);
    events = IcebergTestWriter.create(dir.resolve("events"), new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "kind", Types.StringType.get())), PartitionSpec.unpartitioned());
    events.append(new Object[] {1L, "open"}, new Object[] {2L, "close"});
  }

  /** A catalog file of its own (so a cache of its own) with these extra lines. */
  static Path catalog(String extra) throws Exception {
    Path file = dir.resolve("catalog-" + catalogs.incrementAndGet() + ".yaml");
    Files.writeString(file, """
        tables:
          sales: { format: delta, location: sales }
          events: { format: iceberg, location: events }
        """ + extra);
    return file;
  }

  static Connection connect(Path catalog) throws SQLException {
    return connect(catalog, new Properties());
  }

  static Connection connect(Path catalog, Properties p) throws SQLException {
    return DriverManager.getConnection("jdbc:lakehouse:" + catalog, p);
  }

  static ResultCacheStats stats(Connection c) throws SQLException {
    return c.unwrap(LakehouseConnection.class).resultCacheStats();
  }

  static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return rows(rs);
    }
  }

  static List<List<Object>> rows(ResultSet rs) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      List<Object> row = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        row.add(rs.getObject(i));
      }
      out.add(row);
    }
    return out;
  }

  static String explain(Connection c, String sql) throws SQLException {
    StringBuilder b = new StringBuilder();
    for (List<Object> r : rows(c, "EXPLAIN " + sql)) {
      b.append(r.get(0)).append('\n');
    }
    return b.toString();
  }

  @Test
  void aRepeatIsAHitWithTheSameAnswerAndEverythingShowsIt() throws Exception {
    Path audit = dir.resolve("audit-" + catalogs.get() + ".jsonl");
    Path cat = catalog("audit: { sink: file, path: " + audit + ", mask_literals: false }\n");
    String sql = "SELECT region, count(*) AS n, sum(amount) AS total FROM sales GROUP BY region ORDER BY region";
    try (Connection c = connect(cat)) {
      assertTrue(explain(c, sql).contains("Result cache: miss (memory"), explain(c, sql));
      List<List<Object>> first = rows(c, sql);
      ResultCacheStats afterMiss = stats(c);
      assertEquals(0, afterMiss.hits());
      assertEquals(1, afterMiss.misses());
      assertEquals(1, afterMiss.stores());
      List<List<Object>> second = rows(c, sql);
      assertEquals(first, second);
      ResultCacheStats afterHit = stats(c);
      assertEquals(1, afterHit.hits());
      assertTrue(afterHit.bytesServed() > 0);
      assertEquals(afterHit.bytesStored(), afterHit.bytesServed());
      assertTrue(explain(c, sql).contains("Result cache: hit, " + afterHit.bytesStored() + " bytes"));
      // the same counters over JMX, as monitoring tools read them
      ObjectName bean = new ObjectName("io.lakehouse:type=ResultCache,catalog=" + ObjectName.quote(cat.toString()));
      MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
      ResultCacheStats now = stats(c);
      assertEquals(now.hits(), jmx.getAttribute(bean, "Hits"));
      assertEquals(now.misses(), jmx.getAttribute(bean, "Misses"));
      assertEquals(now.bytesServed(), jmx.getAttribute(bean, "BytesServed"));
      assertEquals(now.entries(), jmx.getAttribute(bean, "Entries"));
      assertEquals("memory", jmx.getAttribute(bean, "Store"));
      // the expected answer: the writer's own rows
      long expectedEu = sales.readRows(sales.latestVersion()).stream().filter(r -> "eu".equals(r[1])).count();
      assertEquals(expectedEu, ((Number) second.get(1).get(1)).longValue());
    }
    // one record per statement; the hit says so and reads no file
    List<String> lines = Files.readAllLines(audit).stream().filter(l -> l.contains("sum(amount)")
        && !l.contains("EXPLAIN")).toList();
    assertEquals(2, lines.size(), lines.toString());
    assertFalse(lines.get(0).contains("cache_hit"));
    assertTrue(lines.get(1).contains("\"cache_hit\":true"), lines.get(1));
    assertTrue(lines.get(1).contains("\"files_scanned\":0"), lines.get(1));
  }

  @Test
  void aNewCommitIsANewKeyAndItsAnswer() throws Exception {
    Path tables = dir.resolve("commit-" + catalogs.get());
    DeltaTestWriter d = DeltaTestWriter.create(tables.resolve("d"), List.of(Col.of("x", "long")));
    d.append(new Object[] {1L}, new Object[] {2L});
    IcebergTestWriter i = IcebergTestWriter.create(tables.resolve("i"), new Schema(
        Types.NestedField.optional(1, "x", Types.LongType.get())), PartitionSpec.unpartitioned());
    i.append(new Object[] {5L});
    Path cat = dir.resolve("catalog-commit.yaml");
    Files.writeString(cat, "tables:\n  d: { format: delta, location: " + tables.resolve("d") + " }\n"
        + "  i: { format: iceberg, location: " + tables.resolve("i") + " }\n");
    try (Connection c = connect(cat)) {
      for (String t : List.of("d", "i")) {
        String sql = "SELECT count(*), sum(x) FROM " + t;
        List<List<Object>> before = rows(c, sql);
        assertEquals(before, rows(c, sql));
        long hits = stats(c).hits();
        if (t.equals("d")) {
          d.append(new Object[] {10L});
        } else {
          i.append(new Object[] {10L});
        }
        List<List<Object>> after = rows(c, sql);
        assertEquals(hits, stats(c).hits(), "a new commit must not hit");
        long expectedCount = t.equals("d") ? d.readRows(d.latestVersion()).size() : 2;
        assertEquals(expectedCount, ((Number) after.get(0).get(0)).longValue());
        assertEquals(((Number) before.get(0).get(1)).longValue() + 10, ((Number) after.get(0).get(1)).longValue());
        assertEquals(after, rows(c, sql));
        assertEquals(hits + 1, stats(c).hits());
      }
    }
  }

  @Test
  void parametersArePartOfTheKey() throws Exception {
    try (Connection c = connect(catalog(""));
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM sales WHERE amount < ?")) {
      List<Object[]> all = sales.readRows(sales.latestVersion());
      for (int round = 0; round < 2; round++) {
        for (int limit : new int[] {10, 50, 90}) {
          ps.setInt(1, limit);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            long expected = all.stream().filter(r -> ((Number) r[2]).intValue() < limit).count();
            assertEquals(expected, rs.getLong(1), "limit " + limit);
          }
        }
      }
      assertEquals(3, stats(c).misses());
      assertEquals(3, stats(c).hits());
    }
  }

  @Test
  void nonDeterministicQueriesBypassTheCache() throws Exception {
    try (Connection c = connect(catalog(""))) {
      for (String sql : List.of("SELECT random() AS r FROM sales LIMIT 3", "SELECT now() AS t, count(*) FROM sales",
          "SELECT current_date, count(*) FROM sales", "SELECT gen_random_uuid() AS u FROM events",
          "SELECT id FROM sales WHERE amount > random() * 100 ORDER BY id")) {
        rows(c, sql);
        rows(c, sql);
        assertTrue(explain(c, sql).contains("Result cache: bypassed (non-deterministic function"), sql);
      }
      ResultCacheStats s = stats(c);
      assertEquals(0, s.hits());
      assertEquals(0, s.stores());
      assertEquals(10, s.bypassed());
      // two random() draws differ: nothing was served twice
      assertFalse(rows(c, "SELECT random() AS r FROM sales LIMIT 5").equals(
          rows(c, "SELECT random() AS r FROM sales LIMIT 5")));
    }
  }

  /** SET TimeZone changes how TIMESTAMP WITH TIME ZONE values read: the zone is part of the key. */
  @Test
  void theSessionTimeZoneIsPartOfTheKey() throws Exception {
    String sql = "SELECT CAST(CAST(id AS INTEGER) * INTERVAL '1' HOUR + TIMESTAMP '2024-03-31 00:30:00' AS "
        + "TIMESTAMP WITH TIME ZONE) AS t, amount FROM sales WHERE id < 5 ORDER BY id";
    Path cat = catalog("");
    Properties off = new Properties();
    off.setProperty("result_cache", "false");
    List<List<String>> expected = new ArrayList<>();
    try (Connection c = connect(cat, off); Statement st = c.createStatement()) {
      for (String zone : List.of("UTC", "Europe/Berlin")) {
        st.execute("SET TimeZone = '" + zone + "'");
        try (ResultSet rs = st.executeQuery(sql)) {
          List<String> texts = new ArrayList<>();
          while (rs.next()) {
            texts.add(rs.getString(1));
          }
          expected.add(texts);
        }
      }
    }
    assertFalse(expected.get(0).equals(expected.get(1)), "the zone shows in the values");
    try (Connection c = connect(cat); Statement st = c.createStatement()) {
      for (int round = 0; round < 2; round++) {
        int z = 0;
        for (String zone : List.of("UTC", "Europe/Berlin")) {
          st.execute("SET TimeZone = '" + zone + "'");
          try (ResultSet rs = st.executeQuery(sql)) {
            List<String> texts = new ArrayList<>();
            while (rs.next()) {
              texts.add(rs.getString(1));
            }
            assertEquals(expected.get(z++), texts, zone + " round " + round);
          }
        }
      }
      assertEquals(2, stats(c).stores());
      assertEquals(2, stats(c).hits());
    }
  }

  @Test
  void theConnectionPropertyTurnsItOff() throws Exception {
    Properties off = new Properties();
    off.setProperty("result_cache", "false");
    Path cat = catalog("");
    try (Connection c = connect(cat, off)) {
      assertNull(stats(c));
      rows(c, "SELECT count(*) FROM sales");
      assertTrue(explain(c, "SELECT count(*) FROM sales").contains("Result cache: off"));
    }
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + cat + "?result_cache=false")) {
      assertNull(stats(c));
    }
    try (Connection c = connect(cat)) {
      assertEquals(0, stats(c).stores(), "the connection without cache stored nothing");
    }
  }

  @Test
  void resultsAboveTheEntryLimitAreNotStored() throws Exception {
    try (Connection c = connect(catalog("cache: { results: { max_entry_bytes: 1KB } }\n"))) {
      String big = "SELECT id, region, amount FROM sales ORDER BY id";
      List<List<Object>> first = rows(c, big);
      assertEquals(300, first.size());
      assertEquals(first, rows(c, big));
      ResultCacheStats s = stats(c);
      assertEquals(0, s.stores());
      assertEquals(0, s.hits());
      assertTrue(s.tooLarge() >= 1, s.toString());
      String small = "SELECT count(*) FROM sales";
      rows(c, small);
      rows(c, small);
      assertEquals(1, stats(c).hits());
      assertTrue(stats(c).bytes() <= 1024);
    }
  }

  @Test
  void theInProcessBoundEvictsTheLeastRecentlyUsed() throws Exception {
    try (Connection c = connect(catalog("cache: { results: { max_bytes: 4KB } }\n"))) {
      for (int i = 0; i < 20; i++) {
        rows(c, "SELECT count(*) AS n" + i + " FROM sales WHERE amount > " + i);
        ResultCacheStats s = stats(c);
        assertTrue(s.bytes() <= 4096, s.toString());
      }
      ResultCacheStats s = stats(c);
      assertEquals(20, s.stores());
      assertTrue(s.evictions() > 0, s.toString());
      assertTrue(s.entries() < 20, s.toString());
      // the most recent entry is still there, the first one is gone
      rows(c, "SELECT count(*) AS n19 FROM sales WHERE amount > 19");
      assertEquals(1, stats(c).hits());
      rows(c, "SELECT count(*) AS n0 FROM sales WHERE amount > 0");
      assertEquals(1, stats(c).hits());
    }
  }

  /** Every column type the driver returns: metadata, classes and values equal with the cache off, on a miss, on a hit. */
  @Test
  void aCachedResultIsIndistinguishable() throws Exception {
    String sql = """
        SELECT id, region, amount, CAST(amount AS DECIMAL(10, 2)) / 3 AS dec, CAST(id AS DECIMAL(38, 6)) AS wide,
          CAST(amount AS TINYINT) AS tiny, CAST(amount AS SMALLINT) AS small, CAST(amount AS DOUBLE) / 7 AS dbl,
          CAST(amount AS REAL) AS flt, amount > 50 AS flag, DATE '2024-01-31' + CAST(id AS INTEGER) AS d,
          TIMESTAMP '2024-03-10 01:30:00.123456' + INTERVAL '1' HOUR * CAST(id AS INTEGER) AS ts,
          CAST(TIMESTAMP '2024-03-30 23:59:59.5' AS TIMESTAMP WITH TIME ZONE) AS tstz, TIME '12:34:56.789' AS tm,
          [id, NULL, amount] AS lst, {'a': id, 'b': region} AS st, MAP {'k': amount} AS mp, CAST('ab' AS BLOB) AS bl,
          CASE WHEN id % 2 = 0 THEN NULL ELSE region END AS maybe, CAST(NULL AS INTEGER) AS nothing,
          [{'x': [CAST(1.5 AS DECIMAL(3, 1))]}] AS nested, CAST(id AS UBIGINT) AS ubig
        FROM sales WHERE id < 40 ORDER BY id DESC""";
    Properties off = new Properties();
    off.setProperty("result_cache", "false");
    Path cat = catalog("");
    Snapshot reference;
    try (Connection c = connect(cat, off); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      reference = Snapshot.of(rs);
    }
    try (Connection c = connect(cat)) {
      for (int round = 0; round < 2; round++) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
          reference.assertSame(Snapshot.of(rs), round == 0 ? "miss" : "hit");
        }
      }
      assertEquals(1, stats(c).hits());
    }
  }

  /**
   * Types Parquet has no exact form of: top-level HUGEINT (every integer sum), TIMESTAMP_S/MS, INTERVAL and TIME
   * WITH TIME ZONE travel in another type and are cast back, indistinguishably; nested ones (a list of HUGEINT, a
   * fixed-size array, an ENUM) run uncached.
   */
  @Test
  void typesParquetCannotCarryAreCastBackOrRunUncached() throws Exception {
    String carried = """
        SELECT region, sum(amount) AS total, sum(id) AS ids, CAST(max(id) AS UHUGEINT) AS u,
          CAST(TIMESTAMP '2024-01-02 03:04:05' AS TIMESTAMP_S) AS s, CAST(TIMESTAMP '2024-01-02 03:04:05.678' AS
          TIMESTAMP_MS) AS ms, INTERVAL '1' DAY * count(*) + INTERVAL '0.000123' SECOND AS iv,
          CAST('01:02:03.456789+05:30' AS TIME WITH TIME ZONE) AS ttz
        FROM sales GROUP BY region ORDER BY total DESC""";
    String uncached = "SELECT [sum(amount)] AS sums, array_value(1, 2) AS arr FROM sales";
    Properties off = new Properties();
    off.setProperty("result_cache", "false");
    Path cat = catalog("");
    Snapshot carriedReference;
    Snapshot uncachedReference;
    try (Connection c = connect(cat, off); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery(carried)) {
        carriedReference = Snapshot.of(rs);
      }
      try (ResultSet rs = st.executeQuery(uncached)) {
        uncachedReference = Snapshot.of(rs);
      }
    }
    assertTrue(carriedReference.meta().get(1).contains("HUGEINT"), carriedReference.meta().get(1));
    try (Connection c = connect(cat); Statement st = c.createStatement()) {
      for (int round = 0; round < 2; round++) {
        try (ResultSet rs = st.executeQuery(carried)) {
          carriedReference.assertSame(Snapshot.of(rs), round == 0 ? "miss" : "hit");
        }
        try (ResultSet rs = st.executeQuery(uncached)) {
          uncachedReference.assertSame(Snapshot.of(rs), "uncached " + round);
        }
      }
      ResultCacheStats s = stats(c);
      assertEquals(1, s.hits(), s.toString());
      assertEquals(1, s.stores(), s.toString());
      assertEquals(2, s.bypassed(), s.toString());
    }
  }

  /** What a client can observe of a result: metadata and, per cell, getObject's class and value. */
  record Snapshot(List<String> meta, List<List<String>> cells) {
    static Snapshot of(ResultSet rs) throws SQLException {
      ResultSetMetaData m = rs.getMetaData();
      List<String> meta = new ArrayList<>();
      for (int i = 1; i <= m.getColumnCount(); i++) {
        meta.add(m.getColumnName(i) + "|" + m.getColumnLabel(i) + "|" + m.getColumnType(i) + "|"
            + m.getColumnTypeName(i) + "|" + m.getPrecision(i) + "|" + m.getScale(i) + "|" + m.isNullable(i) + "|"
            + m.getColumnClassName(i) + "|" + m.isSigned(i) + "|" + m.getColumnDisplaySize(i));
      }
      List<List<String>> cells = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= m.getColumnCount(); i++) {
          row.add(describe(rs.getObject(i)) + " / " + rs.getString(i));
        }
        cells.add(row);
      }
      return new Snapshot(meta, cells);
    }

    static String describe(Object v) throws SQLException {
      if (v == null) {
        return "null";
      }
      String value;
      if (v instanceof Array a) {
        List<String> items = new ArrayList<>();
        for (Object o : (Object[]) a.getArray()) {
          items.add(describe(o));
        }
        value = a.getBaseTypeName() + items;
      } else if (v instanceof Struct s) {
        List<String> items = new ArrayList<>();
        for (Object o : s.getAttributes()) {
          items.add(describe(o));
        }
        value = s.getSQLTypeName() + items;
      } else if (v instanceof Blob b) {
        value = java.util.HexFormat.of().formatHex(b.getBytes(1, (int) b.length()));
      } else if (v instanceof byte[] bytes) {
        value = java.util.HexFormat.of().formatHex(bytes);
      } else {
        value = v.toString();
      }
      return v.getClass().getName() + ":" + value;
    }

    void assertSame(Snapshot other, String what) {
      assertEquals(meta, other.meta, what + ": metadata");
      assertEquals(cells.size(), other.cells.size(), what + ": rows");
      for (int r = 0; r < cells.size(); r++) {
        assertEquals(cells.get(r), other.cells.get(r), what + ": row " + r);
      }
      assertFalse(cells.isEmpty());
    }
  }
}
