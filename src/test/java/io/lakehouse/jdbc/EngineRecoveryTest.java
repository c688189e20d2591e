package io.lakehouse.jdbc;

import static io.lakehouse.testing.SqlAssert.assertMessageContains;
import static io.lakehouse.testing.SqlAssert.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lakehouse.SqlState;
import io.lakehouse.engine.DuckDbEngine;
import io.lakehouse.engine.EngineSession;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DuckDB internal error invalidates DuckDB's whole database: every later statement on it fails. The connection must
 * survive that: the failure costs the statement it happened in (none, when it happened outside a statement), and
 * hundreds of statements afterwards, on the same connection and on a pooled one, all answer.
 *
 * <p>The fatal error here is DuckDB's own ("INTERNAL Error: Attempted to access index 2 within vector of size 2",
 * DuckDB 2.0): a filter on a struct field that one of the files lacks, read without the per-field mapping the
 * driver's scans give. Since the driver's scans no longer raise it, it is provoked on the connection's own engine
 * through the package-private engine accessor: a real DuckDB invalidating the real database behind the connection.
 */
class EngineRecoveryTest {
  @TempDir
  static Path dir;
  private static Path catalog;
  private static String crash;
  private static final List<Object[]> rows = new ArrayList<>();

  @BeforeAll
  static void write() throws Exception {
    Path lake = dir.resolve("lake");
    DeltaTestWriter t = DeltaTestWriter.create(lake.resolve("t"), List.of(Col.of("id", "long"), Col.of("name",
        "string")));
    for (long i = 0; i < 10; i++) {
      rows.add(new Object[] {i, "n" + i});
    }
    t.append(rows.subList(0, 5));
    t.append(rows.subList(5, 10));
    // Two Parquet files whose struct differs (the second gained field c), inside the table
    // root (DuckDB may read only there), not named by its log.
    Path files = Files.createDirectories(lake.resolve("t/unreferenced"));
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      s.execute("COPY (SELECT 1 AS id, {'a': 1, 'b': 2} AS s) TO '" + files.resolve("old.parquet") + "' (FORMAT parquet)");
      s.execute("COPY (SELECT 2 AS id, {'a': 10, 'b': 20, 'c': 30} AS s) TO '" + files.resolve("new.parquet")
          + "' (FORMAT parquet)");
    }
    crash = "SELECT id FROM read_parquet(['" + files.resolve("old.parquet") + "', '" + files.resolve("new.parquet")
        + "'], schema = map {'id': {name: 'id', type: 'INTEGER', default_value: NULL}, 's': {name: 's', "
        + "type: 'STRUCT(a INTEGER, b INTEGER, c INTEGER)', default_value: NULL}}) WHERE s.c IS NULL";
    catalog = dir.resolve("catalog.yaml");
    Files.writeString(catalog, "tables:\n  t: { format: delta, location: lake/t }\n");
  }

  /** Makes DuckDB invalidate the database behind the connection, outside any statement of the driver. */
  private static void provokeFatalError(Connection c) throws SQLException {
    DuckDbEngine engine = c.unwrap(LakehouseConnection.class).engine();
    try (EngineSession session = engine.newSession()) {
      // Results are streamed: the error comes from the fetch, which reports it through the session (as
      // LakehouseResultSet does); DuckDB's fetch says only "Invalid result set", the session finds out the rest.
      SQLException e = assertThrows(SQLException.class, () -> {
        try {
          session.query(crash, List.of()).next();
        } catch (SQLException raw) {
          throw session.failed(raw);
        }
      });
      assertTrue(e.getMessage().startsWith("INTERNAL Error") || e.getMessage().contains("invalidated"),
          e.getMessage());
    }
    // Proof that DuckDB really invalidated it: a raw session on the same database (before the restart) fails.
    assertTrue(engine.needsRestart());
  }

  /** A mix of what applications send: queries, parameters, time travel, metadata; each answer checked. */
  private static void statement(Connection c, int i) throws SQLException {
    switch (i % 5) {
      case 0 -> {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*), sum(id) FROM t")) {
          assertTrue(rs.next());
          assertEquals(10, rs.getLong(1));
          assertEquals(45, rs.getLong(2));
        }
      }
      case 1 -> {
        try (PreparedStatement p = c.prepareStatement("SELECT name FROM t WHERE id = ?")) {
          p.setLong(1, i % 10);
          try (ResultSet rs = p.executeQuery()) {
            assertTrue(rs.next());
            assertEquals("n" + (i % 10), rs.getString(1));
          }
        }
      }
      case 2 -> {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT count(*) FROM t FOR VERSION AS OF 1")) {
          assertTrue(rs.next());
          assertEquals(5, rs.getLong(1));
        }
      }
      case 3 -> {
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getColumns(null, null, "t", null)) {
          assertTrue(rs.next());
          assertEquals("id", rs.getString("COLUMN_NAME"));
        }
      }
      default -> assertTrue(c.isValid(5));
    }
  }

  @Test
  void oneConnectionAnswersEveryStatementAfterAFatalEngineError() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog)) {
      statement(c, 0);
      DuckDbEngine engine = c.unwrap(LakehouseConnection.class).engine();
      for (int round = 0; round < 3; round++) {
        provokeFatalError(c);
        // isValid tells the truth: the connection can run the next statement (it starts a fresh engine for it).
        assertTrue(c.isValid(5));
        for (int i = 0; i < 150; i++) {
          statement(c, i);
        }
        assertEquals(round + 1, engine.restarts());
      }
      // Sessions of the failed databases were all given back.
      assertEquals(0, engine.openSessions());
    }
  }

  @Test
  void aStatementStartedOnAnInvalidatedEngineRunsOnAFreshOne() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog)) {
      provokeFatalError(c);
      // No isValid in between: the very next statement must answer.
      for (int i = 0; i < 150; i++) {
        statement(c, i);
      }
    }
  }

  /**
   * A fatal error the engine was not told of (raised on the database through a connection of its own, as an error
   * in a path the driver does not watch would be): the next statement meets the invalidated database, fails with
   * XX000 naming the table version it read, and is the only one that fails.
   */
  @Test
  void aStatementThatMeetsAnInvalidatedDatabaseIsTheOnlyFailure() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog)) {
      DuckDbEngine engine = c.unwrap(LakehouseConnection.class).engine();
      // Reflection (test only): a raw DuckDB connection on the engine's current database, outside its sessions.
      java.lang.reflect.Field shared = DuckDbEngine.class.getDeclaredField("shared");
      shared.setAccessible(true);
      Object sharedDatabase = shared.get(engine);
      java.lang.reflect.Field current = sharedDatabase.getClass().getDeclaredField("current");
      current.setAccessible(true);
      Object database = current.get(sharedDatabase);
      java.lang.reflect.Field root = database.getClass().getDeclaredField("root");
      root.setAccessible(true);
      try (Connection raw = ((org.duckdb.DuckDBConnection) root.get(database)).duplicate();
          Statement s = raw.createStatement()) {
        assertThrows(SQLException.class, () -> s.executeQuery(crash).next());
      }
      SQLException failed = assertState(SqlState.INTERNAL_ERROR, () -> statement(c, 0));
      assertMessageContains(failed, "t version 2");
      for (int i = 0; i < 150; i++) {
        statement(c, i);
      }
      assertEquals(1, engine.restarts());
    }
  }

  @Test
  void pooledConnectionsSurviveFatalEngineErrors() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:lakehouse:" + catalog);
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(1);
    config.setPoolName("engine-recovery");
    java.util.Set<LakehouseConnection> physical = java.util.Collections.newSetFromMap(
        new java.util.IdentityHashMap<>());
    try (HikariDataSource pool = new HikariDataSource(config)) {
      for (int round = 0; round < 3; round++) {
        try (Connection c = pool.getConnection()) {
          physical.add(c.unwrap(LakehouseConnection.class));
          provokeFatalError(c);
        }
        for (int i = 0; i < 100; i++) {
          try (Connection c = pool.getConnection()) {
            physical.add(c.unwrap(LakehouseConnection.class));
            statement(c, i);
          }
        }
      }
    }
    // The pool never had to replace a connection as broken: the ones it opened served everything.
    assertTrue(physical.size() <= 2, physical.size() + " physical connections");
  }
}
