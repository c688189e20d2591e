package io.lakehouse.jdbc;

import static io.lakehouse.testing.SqlAssert.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.engine.DuckDbEngine;
import io.lakehouse.engine.EngineSession;
import io.lakehouse.security.PasswordHash;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections of one principal with identical engine settings share one DuckDB database (each statement on its own
 * duplicate connection); other principals, other tenants and other settings (time zone) get other databases, never
 * a shared one. A fatal DuckDB error on one sharing connection restarts the database for all of them, and no
 * connection loses more than the one statement that met the broken database. Real tables (Delta Kernel), real
 * DuckDB, a driver object of the test's own (its connections share its databases).
 */
class EngineSharingTest {
  private static final Instant AT = Instant.parse("2024-03-01T12:00:00Z");

  @TempDir
  static Path dir;
  private static String plain;
  private static String tenants;
  private static String crash;
  private static Path globexFile;
  private NonRegisteringLakehouseDriver driver;

  @BeforeAll
  static void write() throws Exception {
    DeltaTestWriter t = DeltaTestWriter.create(dir.resolve("lake/events"), List.of(Col.of("id", "long"),
        Col.of("ts", "timestamp")));
    t.append(List.<Object[]>of(new Object[] {1L, AT}, new Object[] {2L, AT.plusSeconds(3600)}));
    Files.writeString(dir.resolve("plain.yaml"), "tables:\n  events: { format: delta, location: lake/events }\n");
    plain = "jdbc:lakehouse:" + dir.resolve("plain.yaml") + "?time_zone=UTC";

    DeltaTestWriter.create(dir.resolve("acme/sales"), List.of(Col.of("id", "long"))).append(
        List.<Object[]>of(new Object[] {1L}, new Object[] {2L}));
    DeltaTestWriter.create(dir.resolve("globex/orders"), List.of(Col.of("id", "long"))).append(
        List.<Object[]>of(new Object[] {7L}));
    try (Stream<Path> s = Files.walk(dir.resolve("globex/orders"))) {
      globexFile = s.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log"))
          .findFirst().orElseThrow();
    }
    String hash = PasswordHash.create("pw".toCharArray(), 1_000);
    Files.writeString(dir.resolve("tenants.yaml"), """
        tables:
          sales: { format: delta, location: acme/sales }
          globex.orders: { format: delta, location: globex/orders }
        organizations:
          acme: { tables: [sales] }
          globex: { tables: ["globex.*"] }
        roles:
          acme_reader: { grants: [ { select: sales } ] }
          globex_reader: { grants: [ { select: "globex.*" } ] }
        principals:
          alice: { organization: acme, roles: [acme_reader], password_hash: "%s" }
          carol: { organization: acme, roles: [acme_reader], password_hash: "%s" }
          bob: { organization: globex, roles: [globex_reader], password_hash: "%s" }
        """.formatted(hash, hash, hash));
    tenants = "jdbc:lakehouse:" + dir.resolve("tenants.yaml") + "?time_zone=UTC";

    // What makes DuckDB 2.0 invalidate its database (see EngineRecoveryTest): two files whose struct differs, read
    // without the per-field mapping the driver's scans give.
    Path files = Files.createDirectories(dir.resolve("lake/events/unreferenced"));
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      s.execute("COPY (SELECT 1 AS id, {'a': 1, 'b': 2} AS s) TO '" + files.resolve("old.parquet")
          + "' (FORMAT parquet)");
      s.execute("COPY (SELECT 2 AS id, {'a': 10, 'b': 20, 'c': 30} AS s) TO '" + files.resolve("new.parquet")
          + "' (FORMAT parquet)");
    }
    crash = "SELECT id FROM read_parquet(['" + files.resolve("old.parquet") + "', '" + files.resolve("new.parquet")
        + "'], schema = map {'id': {name: 'id', type: 'INTEGER', default_value: NULL}, 's': {name: 's', "
        + "type: 'STRUCT(a INTEGER, b INTEGER, c INTEGER)', default_value: NULL}}) WHERE s.c IS NULL";
  }

  @BeforeEach
  void newDriver() {
    driver = new NonRegisteringLakehouseDriver();
  }

  @AfterEach
  void closeDriver() {
    driver.shared().close();
  }

  private Connection connect(String url, String... userAndPassword) throws SQLException {
    Properties p = new Properties();
    if (userAndPassword.length == 2) {
      p.setProperty("user", userAndPassword[0]);
      p.setProperty("password", userAndPassword[1]);
    }
    return driver.connect(url, p);
  }

  private static DuckDbEngine engine(Connection c) throws SQLException {
    return c.unwrap(LakehouseConnection.class).engine();
  }

  /** The DuckDB instance's own spill folder: one per database, so equal folders mean one database. */
  private static String database(Connection c) throws SQLException {
    return engine(c).currentSetting("temp_directory");
  }

  private static String text(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getString(1);
    }
  }

  /** What plain DuckDB shows for the first event's timestamp in a zone. */
  private static String duckDbShows(String zone) throws SQLException {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      s.execute("SET TimeZone = '" + zone + "'");
      try (ResultSet rs = s.executeQuery("SELECT CAST(TIMESTAMPTZ '" + AT + "' AS VARCHAR)")) {
        assertTrue(rs.next());
        return rs.getString(1);
      }
    }
  }

  private static void assertAnswers(Connection c) throws SQLException {
    assertEquals("2", text(c, "SELECT count(*) FROM events"));
    assertEquals("3", text(c, "SELECT sum(id) FROM events"));
  }

  @Test
  void connectionsOfOnePrincipalShareOneDatabaseThatOutlivesThemBriefly() throws Exception {
    String first;
    try (Connection a = connect(plain); Connection b = connect(plain)) {
      first = database(a);
      assertEquals(first, database(b));
      assertEquals(1, driver.shared().engines().databases());
      // one catalog scope: parsed metadata is shared too, and owned by this driver object, not by the JVM
      assertEquals(1, driver.shared().tables().scopes());
      assertEquals(0, new NonRegisteringLakehouseDriver().shared().tables().scopes());
      assertAnswers(a);
      assertAnswers(b);
      a.close();
      assertAnswers(b);
      assertEquals(0, engine(b).openSessions());
    }
    // Kept for the idle time: the next connection starts no DuckDB.
    assertEquals(1, driver.shared().engines().databases());
    try (Connection c = connect(plain)) {
      assertEquals(first, database(c));
      assertAnswers(c);
    }
    // Closing the driver's resources closes the database and removes its spill folder.
    driver.shared().close();
    assertEquals(0, driver.shared().engines().databases());
    assertEquals(0, driver.shared().tables().scopes());
    assertFalse(Files.exists(Path.of(first)), first);
  }

  @Test
  void tenantsAndPrincipalsGetTheirOwnDatabasesAndCannotReadEachOthersFiles() throws Exception {
    try (Connection alice = connect(tenants, "alice", "pw"); Connection carol = connect(tenants, "carol", "pw");
        Connection bob = connect(tenants, "bob", "pw"); Connection alice2 = connect(tenants, "alice", "pw")) {
      assertEquals(database(alice), database(alice2));
      assertNotEquals(database(alice), database(bob));
      // Same organisation, same settings, another principal: still another database.
      assertNotEquals(database(alice), database(carol));
      assertEquals(3, driver.shared().engines().databases());
      String aliceDirs = engine(alice).currentSetting("allowed_directories");
      assertTrue(aliceDirs.contains(dir.resolve("acme/sales").toString()), aliceDirs);
      assertFalse(aliceDirs.contains(dir.resolve("globex").toString()), aliceDirs);
      // Below the SQL layer: alice's DuckDB itself refuses globex's data file, bob's reads it.
      try (EngineSession session = engine(alice).newSession()) {
        assertThrows(SQLException.class, () -> session.query("SELECT count(*) FROM read_parquet($1)",
            List.of(globexFile.toString())).next());
      }
      try (EngineSession session = engine(bob).newSession()) {
        assertEquals(1L, ((Number) session.scalar("SELECT count(*) FROM read_parquet($1)",
            List.of(globexFile.toString()))).longValue());
      }
      assertEquals("2", text(alice, "SELECT count(*) FROM sales"));
      assertEquals("7", text(bob, "SELECT id FROM globex.orders"));
      assertState(SqlState.UNKNOWN_TABLE, () -> text(alice, "SELECT id FROM globex.orders"));
    }
  }

  @Test
  void setTimeZoneOnOneConnectionLeavesTheOthersAlone() throws Exception {
    String utc = duckDbShows("UTC");
    String tokyo = duckDbShows("Asia/Tokyo");
    assertNotEquals(utc, tokyo);
    String sql = "SELECT CAST(ts AS VARCHAR) FROM events WHERE id = 1";
    try (Connection a = connect(plain); Connection b = connect(plain)) {
      String shared = database(a);
      assertEquals(shared, database(b));
      try (Statement s = a.createStatement()) {
        s.execute("SET TimeZone = 'Asia/Tokyo'");
      }
      assertEquals(tokyo, text(a, sql));
      assertEquals(utc, text(b, sql));
      assertNotEquals(shared, database(a));
      assertEquals(shared, database(b));
      // Connections opened later join the database of their zone.
      try (Connection c = connect(plain); Connection d = connect(plain.replace("UTC", "Asia/Tokyo"))) {
        assertEquals(shared, database(c));
        assertEquals(database(a), database(d));
        assertEquals(utc, text(c, sql));
        assertEquals(tokyo, text(d, sql));
      }
      // Back to UTC: back on the shared database, and b never noticed anything.
      try (Statement s = a.createStatement()) {
        s.execute("SET TimeZone = 'UTC'");
      }
      assertEquals(shared, database(a));
      assertEquals(utc, text(a, sql));
      assertEquals(utc, text(b, sql));
    }
  }

  /** Makes DuckDB invalidate the shared database through a's engine (the session reports it). */
  private static void provokeFatalError(Connection c) throws SQLException {
    breakDatabase(c);
    assertTrue(engine(c).needsRestart());
  }

  /** The fatal error alone: with other connections running, one of them may restart the database at once. */
  private static void breakDatabase(Connection c) throws SQLException {
    try (EngineSession session = engine(c).newSession()) {
      // Results are streamed: the error comes from the fetch, reported through the session as LakehouseResultSet
      // does (DuckDB's fetch says only "Invalid result set"; the session finds out the database is invalidated).
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
  }

  @Test
  void aFatalErrorOnOneConnectionRestartsTheSharedDatabaseForAll() throws Exception {
    try (Connection a = connect(plain); Connection b = connect(plain)) {
      String before = database(a);
      provokeFatalError(a);
      // b shares the invalidated database: its next statement runs on the fresh one, without failing.
      assertTrue(engine(b).needsRestart());
      for (int i = 0; i < 20; i++) {
        assertAnswers(b);
        assertAnswers(a);
      }
      assertEquals(database(a), database(b));
      assertNotEquals(before, database(a));
      assertEquals(1, engine(a).restarts());
      assertEquals(1, engine(b).restarts());
      assertFalse(Files.exists(Path.of(before)), "the failed instance's spill folder is removed");
      assertEquals(1, driver.shared().engines().databases());
    }
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)  // a guard against a hang, not a measurement
  void underConcurrentLoadEachFatalErrorCostsAConnectionAtMostOneStatement() throws Exception {
    List<Connection> connections = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    AtomicBoolean stop = new AtomicBoolean();
    List<AtomicInteger> answered = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        connections.add(connect(plain));
        answered.add(new AtomicInteger());
      }
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Connection c = connections.get(i);
        AtomicInteger ok = answered.get(i);
        results.add(pool.submit(() -> {
          int failures = 0;
          boolean lastFailed = false;
          while (!stop.get()) {
            try {
              assertAnswers(c);
              ok.incrementAndGet();
              lastFailed = false;
            } catch (SQLException e) {
              // Only a statement already running on the database when it broke may fail; the next one answers
              // (the provoker waits for that before breaking it again).
              assertEquals(SqlState.INTERNAL_ERROR.code(), e.getSQLState(), e.getMessage());
              assertFalse(lastFailed, "two failed statements in a row: " + e.getMessage());
              lastFailed = true;
              failures++;
            }
          }
          return failures;
        }));
      }
      Connection provoker = connect(plain);
      connections.add(provoker);
      for (int round = 0; round < 3; round++) {
        awaitAnswers(answered);
        breakDatabase(provoker);
        awaitAnswers(answered);
      }
      stop.set(true);
      int failed = 0;
      for (Future<Integer> r : results) {
        int failures = r.get(240, TimeUnit.SECONDS);
        assertTrue(failures <= 3, failures + " failures for 3 fatal errors");
        failed += failures;
      }
      assertEquals(3, engine(provoker).restarts());
      assertEquals(1, driver.shared().engines().databases());
      System.out.println("statements that met a broken database: " + failed + " of " + answered);
    } finally {
      stop.set(true);
      pool.shutdownNow();
      for (Connection c : connections) {
        c.close();
      }
    }
  }

  /** Waits until every worker has answered another statement from now on. */
  private static void awaitAnswers(List<AtomicInteger> answered) throws InterruptedException {
    int[] before = answered.stream().mapToInt(AtomicInteger::get).toArray();
    for (int i = 0; i < before.length; i++) {
      while (answered.get(i).get() <= before[i]) {
        Thread.sleep(5);
      }
    }
  }
}
