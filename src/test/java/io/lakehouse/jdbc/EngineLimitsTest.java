package io.lakehouse.jdbc;

import static io.lakehouse.testing.SqlAssert.assertMessageContains;
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
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The catalog's {@code engine:} section, with real DuckDB: its values are ceilings the connection can only lower,
 * its temp directory stays put, its max_query_seconds interrupts long queries, and cancelled or timed-out
 * queries give their DuckDB connection back.
 */
class EngineLimitsTest {
  /** Runs until interrupted: 10^12 rows from a cross join of two generated ranges. */
  private static final String ENDLESS =
      "SELECT sum(a.x * b.y) FROM generate_series(1, 1000000) AS a(x), generate_series(1, 1000000) AS b(y)";

  @TempDir
  static Path dir;
  private static final List<Object[]> written = new ArrayList<>();

  @BeforeAll
  static void write() {
    DeltaTestWriter t = DeltaTestWriter.create(dir.resolve("lake/t"), List.of(Col.of("id", "long")));
    for (long i = 0; i < 5; i++) {
      written.add(new Object[] {i});
    }
    t.append(written);
  }

  private static Path catalog(String name, String engineSection) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, "tables:\n  t: { format: delta, location: lake/t }\n" + engineSection);
    return file;
  }

  private static Connection connect(Path catalog, String... properties) throws SQLException {
    Properties p = new Properties();
    for (int i = 0; i < properties.length; i += 2) {
      p.setProperty(properties[i], properties[i + 1]);
    }
    return DriverManager.getConnection("jdbc:lakehouse:" + catalog, p);
  }

  private static LakehouseConnection lakehouse(Connection c) throws SQLException {
    return c.unwrap(LakehouseConnection.class);
  }

  private static void assertUsable(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
      assertTrue(rs.next());
      assertEquals(written.size(), rs.getLong(1));
    }
  }

  @Test
  void catalogValuesApplyAndAreCeilings() throws Exception {
    Path catalog = catalog("ceilings", "engine:\n  memory_limit: 512MB\n  threads: 2\n");
    try (Connection c = connect(catalog)) {
      assertEquals("2", lakehouse(c).engine().currentSetting("threads"));
      String memory = lakehouse(c).engine().currentSetting("memory_limit");
      assertTrue(memory.contains("488") || memory.contains("512"), memory);  // DuckDB shows MiB
      assertUsable(c);
    }
    try (Connection c = connect(catalog, "threads", "1", "memory_limit", "100MB")) {
      assertEquals("1", lakehouse(c).engine().currentSetting("threads"));
      assertTrue(lakehouse(c).engine().currentSetting("memory_limit").contains("95"));  // 100 MB = 95.3 MiB
    }
    SQLException threads = assertState(SqlState.ACCESS_DENIED, () -> connect(catalog, "threads", "3"));
    assertMessageContains(threads, "'threads'", "engine.threads = 2");
    SQLException memory = assertState(SqlState.ACCESS_DENIED, () -> connect(catalog, "memory_limit", "1GB"));
    assertMessageContains(memory, "'memory_limit'", "engine.memory_limit = 512MB");
    // 500 MiB is 524 MB: more than 512MB, however it is spelt.
    assertState(SqlState.ACCESS_DENIED, () -> connect(catalog, "memory_limit", "500MiB"));
  }

  @Test
  void theCatalogsTempDirectoryCannotBeMoved() throws Exception {
    Path temp = dir.resolve("spill");
    Path catalog = catalog("temp", "engine:\n  temp_directory: spill\n");
    try (Connection c = connect(catalog)) {
      Path used = Path.of(lakehouse(c).engine().currentSetting("temp_directory"));
      assertTrue(used.startsWith(temp), used.toString());
      assertUsable(c);
    }
    try (Connection c = connect(catalog, "temp_directory", temp.toString())) {
      assertUsable(c);
    }
    SQLException e = assertState(SqlState.ACCESS_DENIED,
        () -> connect(catalog, "temp_directory", dir.resolve("elsewhere").toString()));
    assertMessageContains(e, "engine.temp_directory");
  }

  @Test
  void aRelativeTempDirectoryIsRefusedNotCreatedWhereverTheApplicationRuns() throws Exception {
    Path catalog = catalog("relative", "");
    SQLException e = assertState(SqlState.CONNECTION_FAILED, () -> connect(catalog, "temp_directory", "spill-here"));
    assertMessageContains(e, "absolute directory path");
    assertFalse(Files.exists(Path.of("spill-here")));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "threads: lots|engine.threads",
      "threads: 0|engine.threads",
      "threads: 2.5|engine.threads",
      "memory_limit: plenty|engine.memory_limit",
      "memory_limit: 150%|engine.memory_limit",
      "max_query_seconds: -1|engine.max_query_seconds",
      "temp_directory: 7|engine.temp_directory",
      "memory: 1GB|engine.memory"})
  void badValuesNameTheirKey(String line, String key) throws Exception {
    // (CsvSource trims the line: indent it under engine:)
    Path catalog = catalog("bad", "engine:\n  " + line + "\n");
    SQLException e = assertThrows(SQLException.class, () -> connect(catalog));
    assertMessageContains(e, catalog + ": " + key + ":");
  }

  @Test
  void aQueryNeedingMoreMemoryThanTheLimitFailsClearly() throws Exception {
    Path catalog = catalog("small", "engine:\n  memory_limit: 32MB\n  threads: 1\n");
    try (Connection c = connect(catalog); Statement s = c.createStatement()) {
      // One list value of 10 million BIGINTs (80 MB) cannot be spilled.
      SQLException e = assertState(SqlState.OUT_OF_MEMORY,
          () -> s.executeQuery("SELECT list(x) FROM generate_series(1, 10000000) AS g(x)").close());
      assertMessageContains(e, "memory_limit");
      assertUsable(c);
      assertEquals(0, lakehouse(c).engine().openSessions());
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)  // a guard against a hang, not a measurement
  void maxQuerySecondsCapsTheTimeoutAndFreesTheEngine() throws Exception {
    Path catalog = catalog("capped", "engine:\n  max_query_seconds: 1\n  threads: 1\n");
    try (Connection c = connect(catalog); Statement s = c.createStatement()) {
      assertEquals(1, s.getQueryTimeout(), "no timeout means the cap");
      s.setQueryTimeout(3600);
      assertEquals(1, s.getQueryTimeout(), "a longer timeout is capped");
      SQLTimeoutException e = assertThrows(SQLTimeoutException.class, () -> s.executeQuery(ENDLESS));
      assertMessageContains(e, "max_query_seconds");
      assertEquals(0, lakehouse(c).engine().openSessions());
      assertUsable(c);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)  // a guard against a hang, not a measurement
  void cancelInterruptsDuckDbAndFreesItsConnection() throws Exception {
    try (Connection c = connect(catalog("plain", "")); Statement s = c.createStatement()) {
      CompletableFuture<SQLException> failure = CompletableFuture.supplyAsync(() -> {
        try {
          s.executeQuery(ENDLESS).close();
          return null;
        } catch (SQLException e) {
          return e;
        }
      });
      // Cancel until the query has ended: the first cancel may come before the query exists.
      while (!failure.isDone()) {
        if (lakehouse(c).engine().openSessions() > 0) {
          s.cancel();
        }
        Thread.sleep(50);
      }
      SQLException e = assertInstanceOf(SQLException.class, failure.get());
      assertState(SqlState.CANCELLED, e);
      assertEquals(0, lakehouse(c).engine().openSessions());
      assertUsable(c);
    }
  }
}
