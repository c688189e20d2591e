package io.lakehouse.tck;

import static io.lakehouse.tck.TckTables.longs;
import static io.lakehouse.testing.SqlAssert.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.tck.TckTables.Order;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.List;
import java.util.Objects;
import java.util.TimeZone;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statement and PreparedStatement contract. Parameter tests filter a Delta table written by DeltaTestWriter and
 * compare with the same filter applied in Java to the rows handed to the writer.
 */
class StatementTckTest {
  @TempDir
  static Path dir;

  /** 12 rows; ids 4, 8, 12 have nulls in every nullable column. */
  static List<Order> rows;
  static Connection c;

  @BeforeAll
  static void open() throws SQLException {
    rows = TckTables.orders(1, 12);
    c = TckTables.ordersConnection(dir, rows);
  }

  @AfterAll
  static void close() throws SQLException {
    c.close();
  }

  private static List<Long> expectedIds(Predicate<Order> p) {
    return rows.stream().filter(p).map(Order::id).sorted().toList();
  }

  private static final String BY_ID = " ORDER BY id";

  // ------------------------------------------------------------------------------------------------ Statement

  @Test
  void executeQueryReturnsTheRows() throws SQLException {
    try (Statement s = c.createStatement()) {
      assertEquals(expectedIds(o -> true), longs(s.executeQuery("SELECT id FROM orders" + BY_ID)));
    }
  }

  @Test
  void executeThenGetResultSet() throws SQLException {
    try (Statement s = c.createStatement()) {
      assertTrue(s.execute("SELECT id FROM orders" + BY_ID));
      ResultSet rs = s.getResultSet();
      assertNotNull(rs);
      assertSame(s, rs.getStatement());
      assertEquals(-1, s.getUpdateCount());
      assertEquals(expectedIds(o -> true), longs(rs));
      assertFalse(s.getMoreResults());
      assertEquals(-1, s.getUpdateCount(), "no more results: getUpdateCount is -1");
    }
  }

  @Test
  void updatesAreRefusedAsReadOnly() throws SQLException {
    try (Statement s = c.createStatement()) {
      assertState(SqlState.READ_ONLY, () -> s.executeUpdate("INSERT INTO orders (id) VALUES (99)"));
      assertState(SqlState.READ_ONLY, () -> s.executeUpdate("DELETE FROM orders"));
      assertState(SqlState.READ_ONLY, () -> s.executeUpdate("SELECT 1"));
      assertState(SqlState.READ_ONLY, () -> s.execute("DROP TABLE orders"));
      assertState(SqlState.READ_ONLY, () -> s.executeQuery("CREATE TABLE x AS SELECT 1"));
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE id = ?")) {
      ps.setLong(1, 1);
      assertState(SqlState.READ_ONLY, ps::executeUpdate);
    }
    assertEquals(rows.size(), TckTables.count(c, "orders"), "table untouched");
  }

  /** The JDBC 4.2 "large" variants: Statement's default methods throw UnsupportedOperationException. */
  @Test
  void largeUpdateVariantsAreRefusedAsReadOnly() throws SQLException {
    try (Statement s = c.createStatement()) {
      assertState(SqlState.READ_ONLY, () -> s.executeLargeUpdate("UPDATE orders SET qty = 0"));
      assertState(SqlState.READ_ONLY, () -> s.executeLargeUpdate("DELETE FROM orders", Statement.NO_GENERATED_KEYS));
      s.execute("SELECT 1");
      assertEquals(-1L, s.getLargeUpdateCount());
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE id = ?")) {
      ps.setLong(1, 1);
      assertState(SqlState.READ_ONLY, ps::executeLargeUpdate);
    }
  }

  @Test
  void reExecutingClosesThePreviousResultSet() throws SQLException {
    try (Statement s = c.createStatement()) {
      ResultSet first = s.executeQuery("SELECT id FROM orders");
      assertTrue(first.next());
      ResultSet second = s.executeQuery("SELECT id FROM orders" + BY_ID);
      assertTrue(first.isClosed());
      assertFalse(second.isClosed());
      assertThrows(SQLException.class, first::next);
      assertEquals(expectedIds(o -> true), longs(second));
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE id > ?" + BY_ID)) {
      ps.setLong(1, 0);
      ResultSet first = ps.executeQuery();
      ps.setLong(1, 6);
      ResultSet second = ps.executeQuery();
      assertTrue(first.isClosed());
      assertEquals(expectedIds(o -> o.id() > 6), longs(second));
    }
  }

  @Test
  void closingTheStatementClosesItsResultSet() throws SQLException {
    Statement s = c.createStatement();
    ResultSet rs = s.executeQuery("SELECT id FROM orders");
    s.close();
    assertTrue(s.isClosed());
    assertTrue(rs.isClosed());
    assertState(SqlState.FUNCTION_SEQUENCE, () -> s.executeQuery("SELECT 1"));
  }

  @Test
  void maxRowsLimitsRows() throws SQLException {
    try (Statement s = c.createStatement()) {
      assertEquals(0, s.getMaxRows());
      s.setMaxRows(5);
      assertEquals(5, s.getMaxRows());
      assertEquals(expectedIds(o -> true).subList(0, 5), longs(s.executeQuery("SELECT id FROM orders" + BY_ID)));
      s.setMaxRows(rows.size() + 10);
      assertEquals(rows.size(), longs(s.executeQuery("SELECT id FROM orders")).size());
      s.setMaxRows(0);
      assertEquals(rows.size(), longs(s.executeQuery("SELECT id FROM orders")).size(), "0 = no limit");
      assertThrows(SQLException.class, () -> s.setMaxRows(-1));
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE id > ?" + BY_ID)) {
      ps.setMaxRows(2);
      ps.setLong(1, 3);
      assertEquals(expectedIds(o -> o.id() > 3).subList(0, 2), longs(ps.executeQuery()));
    }
  }

  @Test
  void queryTimeoutIsAccepted() throws SQLException {
    try (Statement s = c.createStatement()) {
      assertEquals(0, s.getQueryTimeout());
      s.setQueryTimeout(30);
      assertEquals(30, s.getQueryTimeout());
      assertEquals(expectedIds(o -> true), longs(s.executeQuery("SELECT id FROM orders" + BY_ID)));
      assertThrows(SQLException.class, () -> s.setQueryTimeout(-1));
    }
  }

  /** A query running longer than the timeout is cancelled with SQLTimeoutException; the statement stays usable. */
  @Test
  void queryTimeoutCancelsALongQuery() {
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      try (Statement s = c.createStatement()) {
        s.setQueryTimeout(1);
        long start = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(
            "SELECT count(*) FROM generate_series(1, 100000000000) t(x) WHERE x % 7 = 3").close());
        assertInstanceOf(SQLTimeoutException.class, e, e.toString());
        assertState(SqlState.CANCELLED, e);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 30, "cancelled promptly");
        s.setQueryTimeout(0);
        assertEquals(expectedIds(o -> true), longs(s.executeQuery("SELECT id FROM orders" + BY_ID)));
      }
    });
  }

  @Test
  void cancelFromAnotherThread() {
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      try (Statement s = c.createStatement()) {
        Thread canceller = new Thread(() -> {
          try {
            Thread.sleep(500);
            s.cancel();
          } catch (InterruptedException | SQLException ignored) {
            // the assertion below reports it
          }
        });
        canceller.start();
        SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(
            "SELECT count(*) FROM generate_series(1, 100000000000) t(x) WHERE x % 7 = 3").close());
        canceller.join();
        assertState(SqlState.CANCELLED, e);
        assertEquals(expectedIds(o -> true), longs(s.executeQuery("SELECT id FROM orders" + BY_ID)));
      }
    });
  }

  @Test
  void fetchSizeAndDirection() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.setFetchSize(3);
      assertEquals(3, s.getFetchSize());
      s.setFetchDirection(ResultSet.FETCH_FORWARD);
      assertEquals(ResultSet.TYPE_FORWARD_ONLY, s.getResultSetType());
      assertEquals(ResultSet.CONCUR_READ_ONLY, s.getResultSetConcurrency());
      assertEquals(expectedIds(o -> true), longs(s.executeQuery("SELECT id FROM orders" + BY_ID)));
    }
  }

  @Test
  void sqlErrorsLeaveTheStatementUsable() throws SQLException {
    try (Statement s = c.createStatement()) {
      assertState(SqlState.UNKNOWN_TABLE, () -> s.executeQuery("SELECT * FROM no_such_table"));
      assertState(SqlState.SYNTAX, () -> s.executeQuery("SELEC id FROM orders"));
      assertEquals(expectedIds(o -> true), longs(s.executeQuery("SELECT id FROM orders" + BY_ID)));
    }
  }

  // --------------------------------------------------------------------------------------- PreparedStatement

  @Test
  void setIntAndSetLong() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE qty = ?" + BY_ID)) {
      for (int q = 0; q < 3; q++) {
        int qty = q;
        ps.setInt(1, qty);
        assertEquals(expectedIds(o -> Objects.equals(o.qty(), qty)), longs(ps.executeQuery()), "qty=" + qty);
      }
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE id >= ? AND id < ?" + BY_ID)) {
      ps.setLong(1, 3L);
      ps.setLong(2, 9L);
      assertEquals(expectedIds(o -> o.id() >= 3 && o.id() < 9), longs(ps.executeQuery()));
    }
  }

  @Test
  void setString() throws SQLException {
    Order target = rows.get(4);
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE name = ?" + BY_ID)) {
      ps.setString(1, target.name());
      assertEquals(expectedIds(o -> target.name().equals(o.name())), longs(ps.executeQuery()));
      ps.setString(1, "it's a \"quoted\" ' value; DROP TABLE orders --");
      assertEquals(List.of(), longs(ps.executeQuery()), "parameters are values, never SQL");
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE name LIKE ?" + BY_ID)) {
      ps.setString(1, "name-1%");
      assertEquals(expectedIds(o -> o.name() != null && o.name().startsWith("name-1")), longs(ps.executeQuery()));
    }
  }

  @Test
  void setBigDecimal() throws SQLException {
    BigDecimal threshold = rows.get(5).amount();
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE amount > ?" + BY_ID)) {
      ps.setBigDecimal(1, threshold);
      assertEquals(expectedIds(o -> o.amount() != null && o.amount().compareTo(threshold) > 0),
          longs(ps.executeQuery()));
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE amount = ?" + BY_ID)) {
      ps.setBigDecimal(1, threshold);
      assertEquals(expectedIds(o -> o.amount() != null && o.amount().compareTo(threshold) == 0),
          longs(ps.executeQuery()));
      ps.setObject(1, threshold);
      assertEquals(expectedIds(o -> o.amount() != null && o.amount().compareTo(threshold) == 0),
          longs(ps.executeQuery()));
    }
  }

  @Test
  void setBooleanAndSetDouble() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE flag = ?" + BY_ID)) {
      ps.setBoolean(1, true);
      assertEquals(expectedIds(o -> Boolean.TRUE.equals(o.flag())), longs(ps.executeQuery()));
    }
    double limit = rows.get(6).score();
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE score <= ?" + BY_ID)) {
      ps.setDouble(1, limit);
      assertEquals(expectedIds(o -> o.score() != null && o.score() <= limit), longs(ps.executeQuery()));
    }
  }

  @Test
  void setDateAndLocalDate() throws SQLException {
    LocalDate day = rows.get(2).day();
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE day = ?" + BY_ID)) {
      ps.setDate(1, Date.valueOf(day));
      assertEquals(expectedIds(o -> day.equals(o.day())), longs(ps.executeQuery()));
      ps.setObject(1, day);
      assertEquals(expectedIds(o -> day.equals(o.day())), longs(ps.executeQuery()));
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE day < ?" + BY_ID)) {
      ps.setObject(1, day);
      assertEquals(expectedIds(o -> o.day() != null && o.day().isBefore(day)), longs(ps.executeQuery()));
    }
  }

  /** timestamp_ntz column (DuckDB TIMESTAMP): java.sql.Timestamp and LocalDateTime name its wall-clock value. */
  @Test
  void setTimestampAndLocalDateTimeOnTimestampWithoutZone() throws SQLException {
    LocalDateTime at = rows.get(6).ntz();
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE ntz = ?" + BY_ID)) {
      ps.setTimestamp(1, Timestamp.valueOf(at));
      assertEquals(expectedIds(o -> at.equals(o.ntz())), longs(ps.executeQuery()));
      ps.setObject(1, at);
      assertEquals(expectedIds(o -> at.equals(o.ntz())), longs(ps.executeQuery()));
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE ntz >= ?" + BY_ID)) {
      ps.setObject(1, at);
      assertEquals(expectedIds(o -> o.ntz() != null && !o.ntz().isBefore(at)), longs(ps.executeQuery()));
    }
  }

  /** Delta timestamp column (an instant, DuckDB TIMESTAMP WITH TIME ZONE). */
  @Test
  void instantParametersOnTimestampWithZone() throws SQLException {
    Instant at = rows.get(2).ts();
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE ts = ?" + BY_ID)) {
      List<Long> expected = expectedIds(o -> at.equals(o.ts()));
      ps.setObject(1, at);
      assertEquals(expected, longs(ps.executeQuery()), "Instant");
      ps.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.ofHours(-7)));
      assertEquals(expected, longs(ps.executeQuery()), "OffsetDateTime");
      ps.setObject(1, at.atZone(java.time.ZoneId.of("Asia/Tokyo")));
      assertEquals(expected, longs(ps.executeQuery()), "ZonedDateTime");
      ps.setTimestamp(1, Timestamp.from(at), Calendar.getInstance(TimeZone.getTimeZone("UTC")));
      assertEquals(expected, longs(ps.executeQuery()), "Timestamp with a Calendar");
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE ts > ?" + BY_ID)) {
      ps.setObject(1, at);
      assertEquals(expectedIds(o -> o.ts() != null && o.ts().isAfter(at)), longs(ps.executeQuery()));
    }
  }

  /**
   * A java.sql.Timestamp denotes an instant. Reading the TIMESTAMP WITH TIME ZONE column with getTimestamp and
   * binding that value back with setTimestamp must find the same row, whatever the JVM's default time zone.
   */
  @Test
  void timestampRoundTripOnTimestampWithZoneInANonUtcJvm() throws SQLException {
    TimeZone saved = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kathmandu"));
    try {
      Order target = rows.get(2);
      Timestamp read;
      try (PreparedStatement ps = c.prepareStatement("SELECT ts FROM orders WHERE id = ?")) {
        ps.setLong(1, target.id());
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          read = rs.getTimestamp(1);
        }
      }
      assertEquals(target.ts(), read.toInstant(), "getTimestamp denotes the written instant");
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE ts = ?")) {
        ps.setTimestamp(1, read);
        assertEquals(List.of(target.id()), longs(ps.executeQuery()),
            "setTimestamp(getTimestamp()) finds the row it came from");
      }
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  @Test
  void setNull() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT id FROM orders WHERE name IS NOT DISTINCT FROM ?" + BY_ID)) {
      ps.setNull(1, Types.VARCHAR);
      assertEquals(expectedIds(o -> o.name() == null), longs(ps.executeQuery()));
      ps.setString(1, rows.get(0).name());
      assertEquals(expectedIds(o -> rows.get(0).name().equals(o.name())), longs(ps.executeQuery()));
      ps.setObject(1, null);
      assertEquals(expectedIds(o -> o.name() == null), longs(ps.executeQuery()));
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE qty = ?" + BY_ID)) {
      ps.setNull(1, Types.INTEGER);
      assertEquals(List.of(), longs(ps.executeQuery()), "= NULL matches nothing");
    }
  }

  @Test
  void parametersInSelectListAndSubqueries() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT ? AS label, count(*) FROM orders WHERE id IN (SELECT id FROM orders WHERE qty = ?)")) {
      ps.setString(1, "x");
      ps.setInt(2, 1);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("x", rs.getString(1));
        assertEquals(expectedIds(o -> Objects.equals(o.qty(), 1)).size(), rs.getLong(2));
      }
    }
  }

  @Test
  void unsetParameterIs07001() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE id > ? AND qty = ?")) {
      assertState(SqlState.PARAMETER_NOT_SET, ps::executeQuery);
      ps.setLong(1, 1);
      assertState(SqlState.PARAMETER_NOT_SET, ps::executeQuery);
      ps.setInt(2, 1);
      assertEquals(expectedIds(o -> o.id() > 1 && Objects.equals(o.qty(), 1)).size(), longs(ps.executeQuery()).size());
      ps.clearParameters();
      assertState(SqlState.PARAMETER_NOT_SET, ps::execute);
    }
  }

  @Test
  void parameterIndexOutOfRangeIs07009() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE id = ?")) {
      assertState(SqlState.INVALID_INDEX, () -> ps.setInt(0, 1));
      assertState(SqlState.INVALID_INDEX, () -> ps.setInt(2, 1));
      assertState(SqlState.INVALID_INDEX, () -> ps.setString(-1, "x"));
      assertState(SqlState.INVALID_INDEX, () -> ps.setNull(2, Types.INTEGER));
      assertState(SqlState.INVALID_INDEX, () -> ps.setObject(2, LocalDate.now()));
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders")) {
      assertState(SqlState.INVALID_INDEX, () -> ps.setLong(1, 1));
    }
  }

  @Test
  void parameterMetaDataCountsParameters() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM orders")) {
      assertEquals(0, ps.getParameterMetaData().getParameterCount());
    }
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT id, ? AS x FROM orders WHERE id > ? AND name <> ? AND day < ?")) {
      assertEquals(4, ps.getParameterMetaData().getParameterCount());
    }
    // A question mark inside a string literal, a quoted identifier or a comment is not a parameter.
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT id, '?' AS \"why?\" FROM orders /* ? */ WHERE id > ? -- ?\n")) {
      assertEquals(1, ps.getParameterMetaData().getParameterCount());
      ps.setLong(1, 10);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("?", rs.getString("why?"));
      }
    }
  }

  @Test
  void preparedStatementRefusesSqlTextMethods() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
      assertThrows(SQLException.class, () -> ps.executeQuery("SELECT 2"));
      assertThrows(SQLException.class, () -> ps.execute("SELECT 2"));
    }
  }

  @Test
  void prepareReportsSyntaxErrorsWithSqlState() {
    assertState(SqlState.SYNTAX, () -> c.prepareStatement("SELECT FROM WHERE").close());
    assertState(SqlState.UNKNOWN_TABLE, () -> c.prepareStatement("SELECT * FROM nope WHERE id = ?").close());
  }

  @Test
  void emptyResultOfAPreparedQuery() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM orders WHERE id = ?")) {
      ps.setLong(1, -1);
      try (ResultSet rs = ps.executeQuery()) {
        assertFalse(rs.next());
        assertEquals(2, rs.getMetaData().getColumnCount());
      }
      assertNull(ps.getWarnings());
    }
  }

  @Test
  void closeOnCompletionClosesTheStatementWithItsResult() throws SQLException {
    Statement s = c.createStatement();
    s.closeOnCompletion();
    ResultSet first = s.executeQuery("SELECT 1");
    ResultSet second = s.executeQuery("SELECT 2");
    assertTrue(first.isClosed());
    assertFalse(s.isClosed(), "re-executing replaces the result without completing the statement");
    second.close();
    assertTrue(s.isClosed());
  }
}
