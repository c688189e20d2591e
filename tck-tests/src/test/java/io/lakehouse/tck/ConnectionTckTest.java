package io.lakehouse.tck;

import static io.lakehouse.testing.SqlAssert.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.jdbc.LakehouseDataSource;
import io.lakehouse.tck.TckTables.Order;
import io.lakehouse.testing.DeltaTestWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** java.sql.Connection contract for a read-only, snapshot-isolated connection, and LakehouseDataSource. */
class ConnectionTckTest {
  @TempDir
  Path dir;

  private List<Order> rows;
  private DeltaTestWriter writer;
  private Path catalog;

  @BeforeEach
  void writeTable() {
    rows = TckTables.orders(1, 6);
    writer = TckTables.writeOrders(dir.resolve("orders"), rows);
    Map<String, Map.Entry<String, Path>> t = TckTables.tables();
    t.put("orders", Map.entry("delta", dir.resolve("orders")));
    catalog = TckTables.catalog(dir, t);
  }

  private Connection open() throws SQLException {
    return TckTables.connect(catalog);
  }

  @Test
  void isValidAndIsClosed() throws SQLException {
    Connection c = open();
    assertTrue(c.isValid(0));
    assertTrue(c.isValid(5));
    assertFalse(c.isClosed());
    assertThrows(SQLException.class, () -> c.isValid(-1), "negative timeout");
    c.close();
    assertTrue(c.isClosed());
    assertFalse(c.isValid(0), "a closed connection is not valid (and isValid does not throw)");
  }

  @Test
  void closeIsIdempotent() throws SQLException {
    Connection c = open();
    c.close();
    c.close();
    assertTrue(c.isClosed());
  }

  @Test
  void closingTheConnectionClosesItsStatementsAndResults() throws SQLException {
    Connection c = open();
    Statement s = c.createStatement();
    ResultSet rs = s.executeQuery("SELECT id FROM orders");
    PreparedStatement ps = c.prepareStatement("SELECT id FROM orders WHERE id = ?");
    ps.setLong(1, rows.get(0).id());
    ResultSet prs = ps.executeQuery();
    assertTrue(prs.next());
    c.close();
    assertTrue(s.isClosed());
    assertTrue(ps.isClosed());
    assertTrue(rs.isClosed());
    assertTrue(prs.isClosed());
    assertThrows(SQLException.class, rs::next);
    assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
  }

  @Test
  void operationsOnAClosedConnectionFailWith08003() throws SQLException {
    Connection c = open();
    c.close();
    List<Executable> calls = List.of(
        c::createStatement,
        () -> c.prepareStatement("SELECT 1"),
        c::getMetaData,
        () -> c.setAutoCommit(false),
        c::getAutoCommit,
        c::commit,
        c::rollback,
        c::isReadOnly,
        () -> c.setReadOnly(true),
        c::getTransactionIsolation,
        c::getWarnings,
        c::getSchema,
        c::getCatalog,
        () -> c.nativeSQL("SELECT 1"),
        c::getHoldability,
        c::getNetworkTimeout,
        () -> c.getClientInfo("ApplicationName"));
    for (int i = 0; i < calls.size(); i++) {
      assertState(SqlState.CONNECTION_CLOSED, calls.get(i), "call #" + i);
    }
  }

  @Test
  void readOnlyAndDefaults() throws SQLException {
    try (Connection c = open()) {
      assertTrue(c.isReadOnly());
      c.setReadOnly(true);
      c.setReadOnly(false); // a hint: accepted, the connection stays read-only
      assertTrue(c.isReadOnly());
      assertTrue(c.getAutoCommit(), "autoCommit defaults to true");
      assertTrue(c.getMetaData().isReadOnly());
      assertEquals("main", c.getSchema());
      assertNotNull(c.getMetaData());
      assertEquals(c, c.getMetaData().getConnection());
      assertTrue(c.isWrapperFor(Connection.class));
      assertEquals(c, c.unwrap(Connection.class));
      assertThrows(SQLException.class, () -> c.unwrap(DataSource.class));
    }
  }

  @Test
  void autoCommitOffCommitAndRollbackWork() throws SQLException {
    try (Connection c = open()) {
      c.setAutoCommit(false);
      assertFalse(c.getAutoCommit());
      assertEquals(rows.size(), TckTables.count(c, "orders"));
      c.commit();
      assertEquals(rows.size(), TckTables.count(c, "orders"));
      c.rollback();
      c.setAutoCommit(true);
      assertTrue(c.getAutoCommit());
      c.commit(); // no-op in auto-commit mode, must not fail
    }
  }

  /**
   * With autoCommit off a transaction sees the snapshot pinned by its first read (documented in
   * LakehouseConnection); commit / rollback release it. In auto-commit mode every statement sees the latest.
   */
  @Test
  void transactionsPinTheSnapshotUntilCommitOrRollback() throws SQLException {
    List<Order> more = TckTables.orders(101, 3);
    List<Order> evenMore = TckTables.orders(201, 5);
    try (Connection c = open()) {
      c.setAutoCommit(false);
      assertEquals(rows.size(), TckTables.count(c, "orders"));
      TckTables.appendOrders(writer, more);
      assertEquals(rows.size(), TckTables.count(c, "orders"), "pinned until commit");
      c.commit();
      assertEquals(rows.size() + more.size(), TckTables.count(c, "orders"), "new transaction sees the append");
      TckTables.appendOrders(writer, evenMore);
      assertEquals(rows.size() + more.size(), TckTables.count(c, "orders"), "pinned again");
      c.rollback();
      assertEquals(rows.size() + more.size() + evenMore.size(), TckTables.count(c, "orders"));

      c.setAutoCommit(true);
      List<Order> last = TckTables.orders(301, 2);
      TckTables.appendOrders(writer, last);
      assertEquals(rows.size() + more.size() + evenMore.size() + last.size(), TckTables.count(c, "orders"),
          "auto-commit reads the latest snapshot");
    }
  }

  @Test
  void unsupportedFeaturesThrowSqlFeatureNotSupported() throws SQLException {
    try (Connection c = open()) {
      List<Executable> calls = List.of(
          () -> c.prepareCall("CALL x()"),
          () -> c.prepareCall("CALL x()", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY),
          c::setSavepoint,
          () -> c.setSavepoint("sp"),
          () -> c.rollback(null),
          () -> c.releaseSavepoint(null),
          c::createBlob,
          c::createClob,
          c::createNClob,
          c::createSQLXML,
          () -> c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY),
          () -> c.createStatement(ResultSet.TYPE_SCROLL_SENSITIVE, ResultSet.CONCUR_READ_ONLY),
          () -> c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE),
          () -> c.prepareStatement("SELECT 1", ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY),
          () -> c.prepareStatement("SELECT 1", Statement.RETURN_GENERATED_KEYS),
          () -> c.createArrayOf("INTEGER", new Object[] {1}));
      for (int i = 0; i < calls.size(); i++) {
        SQLFeatureNotSupportedException e =
            assertThrows(SQLFeatureNotSupportedException.class, calls.get(i), "call #" + i);
        assertState(SqlState.NOT_SUPPORTED, e, "call #" + i);
      }
      // Forward-only read-only statements are what the driver offers, through every overload.
      c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY).close();
      c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY,
          ResultSet.CLOSE_CURSORS_AT_COMMIT).close();
      assertTrue(c.isValid(1), "refusals leave the connection usable");
    }
  }

  @Test
  void abortClosesTheConnection() throws SQLException {
    Connection c = open();
    Executor direct = Runnable::run;
    c.abort(direct);
    assertTrue(c.isClosed());
  }

  @Test
  void connectionsAreIndependent() throws SQLException {
    try (Connection a = open(); Connection b = open()) {
      a.close();
      assertEquals(rows.size(), TckTables.count(b, "orders"), "closing one connection leaves others working");
    }
  }

  @Test
  void dataSourceWithCatalog() throws SQLException {
    LakehouseDataSource ds = new LakehouseDataSource();
    ds.setCatalog(catalog.toString());
    ds.setThreads(2);
    assertEquals(catalog.toString(), ds.getCatalog());
    try (Connection c = ds.getConnection()) {
      assertEquals(rows.size(), TckTables.count(c, "orders"));
      assertTrue(c.isReadOnly());
    }
    try (Connection c = ds.getConnection("carol", "pw")) {
      assertEquals("carol", c.getMetaData().getUserName());
      assertEquals(rows.size(), TckTables.count(c, "orders"));
    }
  }

  @Test
  void dataSourceWithUrl() throws SQLException {
    LakehouseDataSource ds = new LakehouseDataSource();
    ds.setUrl(TckTables.url(catalog) + "?threads=1");
    try (Connection c = ds.getConnection()) {
      assertEquals(rows.size(), TckTables.count(c, "orders"));
    }
    // A directory works as well as a catalog file: the table is discovered as main.orders.
    ds = new LakehouseDataSource();
    ds.setUrl(TckTables.url(dir));
    try (Connection c = ds.getConnection()) {
      assertEquals(rows.size(), TckTables.count(c, "orders"));
    }
    assertTrue(ds.isWrapperFor(DataSource.class));
    assertInstanceOf(LakehouseDataSource.class, ds.unwrap(DataSource.class));
  }

  @Test
  void dataSourceErrorsAreSqlExceptions() {
    LakehouseDataSource ds = new LakehouseDataSource();
    assertState(SqlState.CONNECTION_FAILED, () -> ds.getConnection().close()); // no catalog at all
    ds.setCatalog(dir.resolve("missing.yaml").toString());
    assertState(SqlState.CONNECTION_FAILED, () -> ds.getConnection().close());
  }

  @Test
  void driverManagerAndDataSourceAgree() throws SQLException {
    LakehouseDataSource ds = new LakehouseDataSource();
    ds.setUrl(TckTables.url(catalog));
    try (Connection a = ds.getConnection(); Connection b = DriverManager.getConnection(TckTables.url(catalog))) {
      assertEquals(TckTables.count(a, "orders"), TckTables.count(b, "orders"));
      assertEquals(a.getMetaData().getURL(), b.getMetaData().getURL());
    }
  }
}
