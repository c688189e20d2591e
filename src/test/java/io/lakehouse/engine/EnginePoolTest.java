package io.lakehouse.engine;

import static io.lakehouse.testing.SqlAssert.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.table.DeletedRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's DuckDB databases: shared by engines of one owner and identical settings, separate otherwise,
 * reference-counted, closed after the idle time (their spill folders with them). Real DuckDB.
 */
class EnginePoolTest {
  @TempDir
  Path dir;

  private EngineSettings settings(String zone) {
    return new EngineSettings(List.of(dir.resolve("data")), dir.resolve("tmp"), 1, null, zone);
  }

  private static String setting(DuckDbEngine engine, String name) throws Exception {
    return engine.currentSetting(name);
  }

  @Test
  void oneDatabasePerOwnerAndSettings() throws Exception {
    try (EnginePool pool = new EnginePool(Duration.ofMinutes(1));
        DuckDbEngine a = pool.open("acme\0alice", settings("UTC"));
        DuckDbEngine a2 = pool.open("acme\0alice", settings("UTC"));
        DuckDbEngine c = pool.open("acme\0carol", settings("UTC"));
        DuckDbEngine tokyo = pool.open("acme\0alice", settings("Asia/Tokyo"))) {
      assertEquals(setting(a, "temp_directory"), setting(a2, "temp_directory"));
      assertNotEquals(setting(a, "temp_directory"), setting(c, "temp_directory"));
      assertNotEquals(setting(a, "temp_directory"), setting(tokyo, "temp_directory"));
      assertEquals(3, pool.databases());
      // Moving one engine to another zone leaves the one sharing its database where it was.
      a.restart(settings("Asia/Tokyo"));
      assertEquals(setting(tokyo, "temp_directory"), setting(a, "temp_directory"));
      assertEquals("Asia/Tokyo", setting(a, "TimeZone"));
      assertEquals("UTC", setting(a2, "TimeZone"));
      // Temp tables of one session are not visible to another session of the same database.
      try (EngineSession s1 = a.newSession(); EngineSession s2 = tokyo.newSession()) {
        String table = s1.deletedRowsTable(List.of("f"), List.of(DeletedRows.of(1, 2)));
        assertEquals(2L, ((Number) s1.scalar("SELECT count(*) FROM " + table, List.of())).longValue());
        java.sql.SQLException e = assertThrows(java.sql.SQLException.class,
            () -> s2.query("SELECT count(*) FROM " + table, List.of()).next());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
      }
    }
  }

  @Test
  void theLastEngineClosedLeavesTheDatabaseForTheIdleTimeThenItAndItsFolderGo() throws Exception {
    try (EnginePool pool = new EnginePool(Duration.ofMillis(200))) {
      DuckDbEngine a = pool.open("", settings("UTC"));
      Path folder = Path.of(setting(a, "temp_directory"));
      assertTrue(Files.isDirectory(folder), folder.toString());
      a.close();
      assertEquals(1, pool.databases());
      // Re-leased within the idle time: the same database.
      try (DuckDbEngine b = pool.open("", settings("UTC"))) {
        assertEquals(folder.toString(), setting(b, "temp_directory"));
        Thread.sleep(400);
        assertEquals(1, pool.databases(), "a leased database is never closed for idleness");
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (pool.databases() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(0, pool.databases());
      assertFalse(Files.exists(folder), folder.toString());
      try (DuckDbEngine c = pool.open("", settings("UTC"))) {
        assertNotEquals(folder.toString(), setting(c, "temp_directory"), "a fresh database after the idle close");
      }
    }
  }

  @Test
  void withoutIdleTimeTheLastCloseClosesTheDatabase() throws Exception {
    EnginePool pool = new EnginePool(Duration.ZERO);
    DuckDbEngine a = pool.open("", settings("UTC"));
    Path folder = Path.of(setting(a, "temp_directory"));
    EngineSession open = a.newSession();
    a.close();
    assertEquals(0, pool.databases());
    // A session still running keeps its instance (and folder) until it closes.
    try (ResultSet rs = open.query("SELECT 41 + 1", List.of())) {
      assertTrue(rs.next());
      assertEquals(42, rs.getInt(1));
    }
    open.close();
    assertFalse(Files.exists(folder), folder.toString());
    assertState(SqlState.CONNECTION_CLOSED, a::newSession);
    pool.close();
    assertState(SqlState.CONNECTION_CLOSED, () -> pool.open("", settings("UTC")));
  }
}
