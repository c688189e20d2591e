package io.lakehouse.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.tck.TckTables.Order;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** java.sql.ResultSet contract for forward-only, read-only results over a written Delta table. */
class ResultSetTckTest {
  @TempDir
  static Path dir;
  static List<Order> rows;
  static Connection c;

  @BeforeAll
  static void open() throws SQLException {
    rows = TckTables.orders(1, 5);
    c = TckTables.ordersConnection(dir, rows);
  }

  @AfterAll
  static void close() throws SQLException {
    c.close();
  }

  @Test
  void forwardOnlyIteration() throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, name FROM orders ORDER BY id")) {
      assertEquals(ResultSet.TYPE_FORWARD_ONLY, rs.getType());
      assertEquals(ResultSet.CONCUR_READ_ONLY, rs.getConcurrency());
      assertEquals(ResultSet.FETCH_FORWARD, rs.getFetchDirection());
      assertThrows(SQLException.class, () -> rs.getLong(1), "before the first row");
      List<Long> ids = new ArrayList<>();
      while (rs.next()) {
        ids.add(rs.getLong("id"));
        assertEquals(rows.get(ids.size() - 1).name(), rs.getString(2));
      }
      assertEquals(rows.stream().map(Order::id).toList(), ids);
      assertFalse(rs.next(), "stays after the last row");
      assertFalse(rs.next());
      assertThrows(SQLException.class, () -> rs.absolute(1), "no scrolling");
      assertThrows(SQLException.class, rs::previous);
      assertThrows(SQLException.class, rs::beforeFirst);
    }
  }

  @Test
  void wasNullFollowsTheLastGetter() throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, qty, name FROM orders ORDER BY id")) {
      for (Order o : rows) {
        assertTrue(rs.next());
        int qty = rs.getInt(2);
        assertEquals(o.qty() == null, rs.wasNull(), "row " + o.id());
        assertEquals(o.qty() == null ? 0 : o.qty(), qty);
        rs.getLong(1);
        assertFalse(rs.wasNull());
        assertEquals(o.name(), rs.getString(3));
        assertEquals(o.name() == null, rs.wasNull());
      }
    }
  }

  @Test
  void closedResultSetRefusesEverything() throws SQLException {
    Statement s = c.createStatement();
    ResultSet rs = s.executeQuery("SELECT id FROM orders");
    assertTrue(rs.next());
    rs.close();
    rs.close(); // idempotent
    assertTrue(rs.isClosed());
    List<Executable> calls = List.of(rs::next, () -> rs.getLong(1), () -> rs.getObject(1), () -> rs.getString(1),
        rs::getMetaData, rs::wasNull, () -> rs.findColumn("id"));
    for (int i = 0; i < calls.size(); i++) {
      assertThrows(SQLException.class, calls.get(i), "call #" + i);
    }
    assertFalse(s.isClosed(), "closing the result leaves the statement open");
    assertEquals(rows.size(), TckTables.longs(s.executeQuery("SELECT id FROM orders")).size());
    s.close();
  }

  @Test
  void metaDataOfAProjection() throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id AS order_id, upper(name) AS shout, amount * 2 FROM orders")) {
      ResultSetMetaData md = rs.getMetaData();
      assertEquals(3, md.getColumnCount());
      assertEquals("order_id", md.getColumnLabel(1));
      assertEquals("shout", md.getColumnLabel(2));
      assertTrue(md.isReadOnly(1));
      assertFalse(md.isWritable(1));
      assertFalse(md.isAutoIncrement(1));
      assertTrue(md.getColumnDisplaySize(1) > 0);
      assertThrows(SQLException.class, () -> md.getColumnType(4), "column index out of range");
      assertThrows(SQLException.class, () -> md.getColumnType(0));
    }
  }

  @Test
  void statementOfAResult() throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1 AS one")) {
      assertEquals(s, rs.getStatement());
      assertNull(rs.getWarnings());
      assertTrue(rs.next());
      assertEquals(1, rs.getInt("one"));
      assertFalse(rs.next());
    }
  }

  @Test
  void resultsOfOneStatementDoNotDisturbAnother() throws SQLException {
    try (Statement a = c.createStatement(); Statement b = c.createStatement();
        ResultSet ra = a.executeQuery("SELECT id FROM orders ORDER BY id");
        ResultSet rb = b.executeQuery("SELECT id FROM orders ORDER BY id DESC")) {
      List<Long> asc = new ArrayList<>();
      List<Long> desc = new ArrayList<>();
      while (ra.next() & rb.next()) {
        asc.add(ra.getLong(1));
        desc.add(rb.getLong(1));
      }
      List<Long> expected = rows.stream().map(Order::id).sorted().toList();
      assertEquals(expected, asc);
      List<Long> reversed = new ArrayList<>(expected);
      java.util.Collections.reverse(reversed);
      assertEquals(reversed, desc);
      assertTrue(rows.stream().map(Order::id).allMatch(Objects::nonNull));
    }
  }
}
