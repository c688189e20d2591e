package io.lakehouse.sql;

import static io.lakehouse.testing.SqlAssert.assertMessageContains;
import static io.lakehouse.testing.SqlAssert.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SET TimeZone} (DuckDB), {@code SET time_zone} (Trino) and {@code SET TIME ZONE} (PostgreSQL) change the
 * connection's session zone for everything that depends on it: how DuckDB shows TIMESTAMP WITH TIME ZONE values,
 * how zone-less timestamps are read (also in filters that skip files and in time travel), and what JDBC returns;
 * also for statements prepared before the SET. Every other SET stays refused.
 */
class SetTimeZoneTest {
  private static final Instant AT = Instant.parse("2024-03-01T12:00:00Z");

  @TempDir
  static Path dir;
  private static String url;

  @BeforeAll
  static void write() throws Exception {
    DeltaTestWriter t = DeltaTestWriter.create(dir.resolve("lake/events"), List.of(Col.of("id", "long"),
        Col.of("ts", "timestamp")));
    t.append(List.<Object[]>of(new Object[] {1L, AT}));
    t.append(List.<Object[]>of(new Object[] {2L, AT.plusSeconds(3600)}));
    t.setCommitTime(0, Instant.parse("2024-01-01T00:00:00Z"));
    t.setCommitTime(1, Instant.parse("2024-02-01T00:00:00Z"));
    t.setCommitTime(2, Instant.parse("2024-03-01T00:00:00Z"));
    Path catalog = dir.resolve("catalog.yaml");
    Files.writeString(catalog, "tables:\n  events: { format: delta, location: lake/events }\n");
    url = "jdbc:lakehouse:" + catalog + "?time_zone=UTC";
  }

  private static String text(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getString(1);
    }
  }

  @Test
  void everySpellingChangesTheSessionZone() throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        PreparedStatement before = c.prepareStatement("SELECT count(*) FROM events WHERE ts = ?")) {
      assertEquals("2024-03-01 12:00:00+00", text(c, "SELECT CAST(ts AS VARCHAR) FROM events WHERE id = 1"));
      assertEquals("1", text(c, "SELECT count(*) FROM events FOR TIMESTAMP AS OF TIMESTAMP '2024-02-01 08:30:00'"));
      assertFalse(s.execute("SET TimeZone = 'Asia/Tokyo'"), "SET has no result set");
      assertEquals("2024-03-01 21:00:00+09", text(c, "SELECT CAST(ts AS VARCHAR) FROM events WHERE id = 1"));
      // A zone-less timestamp literal now means Tokyo time: 21:00 there is 12:00 UTC (file skipping included).
      assertEquals("1", text(c, "SELECT count(*) FROM events WHERE ts = TIMESTAMP '2024-03-01 21:00:00'"));
      // Time travel by a zone-less timestamp is read in the session zone as well.
      // (commits: v0 2024-01-01, v1 2024-02-01, v2 2024-03-01 UTC; 08:30 in Tokyo is still January 31 in UTC)
      assertEquals("0", text(c, "SELECT count(*) FROM events FOR TIMESTAMP AS OF TIMESTAMP '2024-02-01 08:30:00'"));
      try (ResultSet rs = s.executeQuery("SELECT ts FROM events WHERE id = 1")) {
        assertTrue(rs.next());
        OffsetDateTime o = rs.getObject(1, OffsetDateTime.class);
        assertEquals(AT, o.toInstant());
        assertEquals(ZoneId.of("Asia/Tokyo").getRules().getOffset(AT), o.getOffset());
      }
      // The statement prepared under UTC reads its parameter in the zone of its execution.
      before.setObject(1, java.time.LocalDateTime.parse("2024-03-01T22:00:00"));
      try (ResultSet rs = before.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(1, rs.getLong(1));
      }
      assertEquals(0, s.executeUpdate("SET time_zone = '+02:00'"));
      assertEquals("2024-03-01 14:00:00+02", text(c, "SELECT CAST(ts AS VARCHAR) FROM events WHERE id = 1"));
      s.execute("SET TIME ZONE 'UTC';");
      assertEquals("2024-03-01 12:00:00+00", text(c, "SELECT CAST(ts AS VARCHAR) FROM events WHERE id = 1"));
      try (PreparedStatement set = c.prepareStatement("SET SESSION TimeZone TO 'Europe/Berlin'")) {
        assertFalse(set.execute());
      }
      assertEquals("2024-03-01 13:00:00+01", text(c, "SELECT CAST(ts AS VARCHAR) FROM events WHERE id = 1"));
    }
  }

  @Test
  void badZonesAndOtherSettingsAreRefused() throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      SQLException bad = assertState(SqlState.INVALID_ARGUMENT, () -> s.execute("SET TimeZone = 'Mars/Olympus'"));
      assertMessageContains(bad, "Mars/Olympus");
      assertState(SqlState.SYNTAX, () -> s.execute("SET TimeZone = UTC"));
      for (String other : List.of("SET threads = 1", "SET memory_limit = '1GB'", "SET enable_external_access = true",
          "RESET TimeZone")) {
        assertState(SqlState.READ_ONLY, () -> s.execute(other), other);
      }
      assertState(SqlState.NO_RESULT_SET, () -> s.executeQuery("SET TimeZone = 'UTC'"));
      // Nothing changed, and the connection still answers.
      assertEquals("2024-03-01 12:00:00+00", text(c, "SELECT CAST(ts AS VARCHAR) FROM events WHERE id = 1"));
    }
  }
}
