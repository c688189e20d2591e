package io.lakehouse.jdbc;

import static io.lakehouse.testing.SqlAssert.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code setMaxRows} as a LIMIT in the engine and DuckDB's streamed results, on ONE long-lived connection (with the
 * default in-process result cache): the rows are the first n of the full ordered answer (plain DuckDB over the same
 * Parquet files), labels are unchanged, several open results of one connection do not interfere, a streamed result
 * is cancellable and under the timeout while its rows are fetched, and the connection answers queries after each.
 */
class StreamedResultsTest {
  private static final int ROWS = 60_000;
  /**
   * Yields rows at once (enough to fill DuckDB's stream buffer, so the execution returns), then scans on for a very
   * long time without another match.
   */
  private static final String ROWS_THEN_ENDLESS =
      "SELECT x FROM generate_series(0, 1000000000000) AS a(x) WHERE x <= 2000000 OR x * 2 = 1";

  @TempDir
  static Path dir;
  private static Connection c;
  /** The same catalog without the result cache: every result is DuckDB's streamed one. */
  private static Connection uncached;
  private static Connection duck;

  @BeforeAll
  static void setUp() throws Exception {
    Path table = dir.resolve("lake/t");
    DeltaTestWriter t = DeltaTestWriter.create(table, List.of(Col.of("id", "long"), Col.of("grp", "string"),
        Col.of("v", "double")));
    for (int part = 0; part < 4; part++) {
      List<Object[]> rows = new ArrayList<>();
      for (long i = part; i < ROWS; i += 4) {
        rows.add(new Object[] {i, "g" + (i % 13), i * 0.5});
      }
      t.append(rows);
    }
    Path catalog = dir.resolve("catalog.yaml");
    Files.writeString(catalog, "tables:\n  t: { format: delta, location: lake/t }\n");
    c = DriverManager.getConnection("jdbc:lakehouse:" + catalog);
    uncached = DriverManager.getConnection("jdbc:lakehouse:" + catalog + "?result_cache=false");
    duck = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = duck.createStatement()) {
      // The Delta table only ever had appends: its Parquet files are exactly its rows.
      s.execute("CREATE VIEW t AS SELECT id, grp, v FROM read_parquet('" + table + "/*.parquet')");
    }
  }

  @AfterAll
  static void tearDown() throws SQLException {
    c.close();
    uncached.close();
    duck.close();
  }

  private static List<List<Object>> rows(ResultSet rs) throws SQLException {
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

  private static List<String> labels(ResultSetMetaData m) throws SQLException {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= m.getColumnCount(); i++) {
      out.add(m.getColumnLabel(i));
    }
    return out;
  }

  /** Plain DuckDB's full answer, cut to its first n rows. */
  private static List<List<Object>> expected(String sql, int n) throws SQLException {
    try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      List<List<Object>> all = rows(rs);
      return n > 0 && all.size() > n ? all.subList(0, n) : all;
    }
  }

  private static void assertUsable() throws SQLException {
    assertUsable(c);
  }

  private static void assertUsable(Connection conn) throws SQLException {
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*), sum(id) FROM t")) {
      assertTrue(rs.next());
      assertEquals(expected("SELECT count(*), sum(id) FROM t", 0).get(0).toString(),
          List.of(rs.getObject(1), rs.getObject(2)).toString());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM t ORDER BY id DESC",
      "SELECT id, grp FROM t ORDER BY grp, id",
      "SELECT id FROM t ORDER BY id LIMIT 7",
      "SELECT id FROM t ORDER BY id LIMIT 5000 OFFSET 10",
      "SELECT id FROM t ORDER BY id DESC OFFSET 100",
      "SELECT id FROM t WHERE id < 100 UNION ALL SELECT id FROM t WHERE id > 59900 ORDER BY id DESC",
      "WITH w AS (SELECT id, v FROM t WHERE id % 7 = 0) SELECT * FROM w ORDER BY v DESC",
      "SELECT grp, count(*) AS n, max(id) AS m FROM t GROUP BY grp ORDER BY grp",
      "SELECT id, id, v AS \"ID\" FROM t ORDER BY id"})
  void maxRowsIsTheFirstRowsOfTheOrderedAnswer(String sql) throws SQLException {
    List<String> fullLabels;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      fullLabels = labels(rs.getMetaData());
      assertEquals(expected(sql, 0), rows(rs), sql);
    }
    for (int max : new int[] {1, 10, 200, 2049, 100_000}) {
      for (int round = 0; round < 2; round++) {  // the second round is served by the result cache
        try (Statement s = c.createStatement()) {
          s.setMaxRows(max);
          try (ResultSet rs = s.executeQuery(sql)) {
            assertEquals(fullLabels, labels(rs.getMetaData()), sql + " with maxRows " + max);
            assertEquals(expected(sql, max), rows(rs), sql + " with maxRows " + max + ", round " + round);
          }
        }
      }
    }
    assertUsable();
  }

  @Test
  void maxRowsWithAParameterAndWithoutOrder() throws SQLException {
    try (var ps = c.prepareStatement("SELECT id FROM t WHERE id >= ? LIMIT ?")) {
      ps.setMaxRows(3);
      ps.setLong(1, 100);
      ps.setInt(2, 50);
      try (ResultSet rs = ps.executeQuery()) {
        List<List<Object>> got = rows(rs);
        assertEquals(3, got.size());
        for (List<Object> row : got) {
          assertTrue((Long) row.get(0) >= 100);
        }
      }
    }
    try (Statement s = c.createStatement()) {
      s.setMaxRows(5);
      try (ResultSet rs = s.executeQuery("SELECT DISTINCT grp FROM t")) {
        assertEquals(5, rows(rs).size());
      }
      s.setMaxRows(0);
      try (ResultSet rs = s.executeQuery("SELECT DISTINCT grp FROM t")) {
        assertEquals(13, rows(rs).size());  // a cached 5-row answer is not the 0-limit one
      }
    }
  }

  @Test
  void openResultsOfOneConnectionDoNotInterfere() throws SQLException {
    String a = "SELECT id, v FROM t ORDER BY id";
    String b = "SELECT id, grp FROM t ORDER BY id DESC";
    List<List<Object>> expectA = expected(a, 0);
    List<List<Object>> expectB = expected(b, 0);
    try (Statement sa = c.createStatement(); Statement sb = c.createStatement(); Statement sc = c.createStatement()) {
      sc.setMaxRows(100);
      try (ResultSet ra = sa.executeQuery(a); ResultSet rb = sb.executeQuery(b); ResultSet rc = sc.executeQuery(a)) {
        List<List<Object>> gotA = new ArrayList<>();
        List<List<Object>> gotB = new ArrayList<>();
        List<List<Object>> gotC = new ArrayList<>();
        boolean moreA = true;
        boolean moreB = true;
        boolean moreC = true;
        while (moreA || moreB || moreC) {
          for (int i = 0; i < 3000 && moreA; i++) {  // more than one DuckDB chunk (2048 rows) at a time
            moreA = ra.next();
            if (moreA) {
              gotA.add(List.of(ra.getObject(1), ra.getObject(2)));
            }
          }
          if (moreB && (moreB = rb.next())) {
            gotB.add(List.of(rb.getObject(1), rb.getObject(2)));
          }
          if (moreC && (moreC = rc.next())) {
            gotC.add(List.of(rc.getObject(1), rc.getObject(2)));
          }
          if (gotA.size() == 6000) {
            assertUsable();  // another statement runs while three results are open
          }
        }
        assertEquals(expectA, gotA);
        assertEquals(expectB, gotB);
        assertEquals(expectA.subList(0, 100), gotC);
      }
    }
    assertUsable();
  }

  /**
   * Cancel on the connection with the result cache (the default: a cacheable miss runs as COPY to Parquet, so the
   * cancel reaches the execution) and on one without it (DuckDB streams: the query is still running while its
   * first rows are fetched, so the cancel must reach the fetch).
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void cancelReachesTheQueryDuringExecutionOrFetch(boolean cached) throws Exception {
    Connection conn = cached ? c : uncached;
    int[] read = {0};
    try (Statement s = conn.createStatement()) {
      CompletableFuture<Void> cancel = CompletableFuture.runAsync(() -> {
        try {
          Thread.sleep(1500);
          s.cancel();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      SQLException e = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = s.executeQuery(ROWS_THEN_ENDLESS)) {
          while (rs.next()) {
            read[0]++;
          }
        }
      });
      assertState(SqlState.CANCELLED, e);
      cancel.get();
    }
    if (!cached) {
      assertTrue(read[0] > 0, "the first rows arrive before the endless part ends: the result is streamed");
    }
    assertUsable(conn);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void theTimeoutCountsTheEnginesTimeWhileRowsAreFetched(boolean cached) throws Exception {
    Connection conn = cached ? c : uncached;
    try (Statement s = conn.createStatement()) {
      s.setQueryTimeout(2);
      SQLException e = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = s.executeQuery(ROWS_THEN_ENDLESS)) {
          while (rs.next()) {
            // until the timeout interrupts the execution or the fetch
          }
        }
      });
      assertInstanceOf(SQLTimeoutException.class, e);
      assertState(SqlState.CANCELLED, e);
      // The application's own time between fetches is not the engine's: a slow reader is not cut off.
      try (ResultSet rs = s.executeQuery("SELECT id FROM t ORDER BY id")) {
        assertTrue(rs.next());
        Thread.sleep(2500);
        assertEquals(expected("SELECT id FROM t ORDER BY id", 0).size(), 1 + rows(rs).size());
      }
    }
    assertUsable(conn);
  }

  /** DuckDB JDBC streams report an early error only as "Invalid result set": the driver still gives its SQLState. */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void errorsOfAStreamedQueryKeepTheirSqlState(boolean cached) throws SQLException {
    Connection conn = cached ? c : uncached;
    try (Statement s = conn.createStatement()) {
      SQLException e = assertState(SqlState.INVALID_CAST,
          () -> s.executeQuery("SELECT CAST('x' || grp AS INTEGER) FROM t").close());
      assertTrue(e.getMessage().contains("Conversion Error"), e.getMessage());
      s.setMaxRows(10);
      assertState(SqlState.INVALID_CAST, () -> s.executeQuery("SELECT CAST(grp AS INTEGER) FROM t ORDER BY id").close());
    }
    assertUsable(conn);
  }

  @Test
  void closingAStreamedResultEarlyLeavesNoSessionBehind() throws SQLException {
    LakehouseConnection lc = c.unwrap(LakehouseConnection.class);
    int before = lc.engine().openSessions();
    for (int i = 0; i < 20; i++) {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM t ORDER BY v")) {
        assertTrue(rs.next());
      }
    }
    assertEquals(before, lc.engine().openSessions());
    assertFalse(c.isClosed());
    assertUsable();
  }
}
