package io.lakehouse.jdbc;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.config.EngineLimits;
import io.lakehouse.engine.EngineSession;
import io.lakehouse.security.AuditLog;
import io.lakehouse.sql.PreparedQuery;
import io.lakehouse.sql.QueryExecution;
import io.lakehouse.sql.SessionStatement;
import io.lakehouse.table.TableRead;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A statement: each execution goes through the {@link io.lakehouse.sql.QueryPipeline} (parse, bind, plan) and
 * runs in a fresh engine session; the previous result set is closed first, as JDBC requires.
 */
class LakehouseStatement implements Statement, StatementProgress {
  final LakehouseConnection connection;
  private LakehouseResultSet current;
  private volatile EngineSession running;
  private volatile boolean cancelled;
  private volatile List<TableRead> planned = List.of();
  private boolean closed;
  private int queryTimeoutSeconds;
  private long maxRows;
  private int fetchSize;
  private boolean closeOnCompletion;

  LakehouseStatement(LakehouseConnection connection) {
    this.connection = connection;
  }

  void checkOpen() throws SQLException {
    if (closed) {
      throw new LakehouseSqlException("Statement is closed", SqlState.FUNCTION_SEQUENCE);
    }
    connection.checkOpen();
  }

  /**
   * Runs a prepared query with parameters, honouring the query timeout and cancel(). The execution's audit record
   * is written when its result set closes, or here if it fails.
   */
  ResultSet run(PreparedQuery query, List<Object> parameters, AuditLog.Execution audit) throws SQLException {
    try {
      checkOpen();
      closeCurrent();
    } catch (SQLException e) {
      audit.failed(e, 0);
      throw e;
    }
    cancelled = false;
    int seconds = getQueryTimeout();
    QueryTimer timer = new QueryTimer(seconds);
    QueryExecution execution;
    List<TableRead> reads = new CopyOnWriteArrayList<>();  // read by progress displays while planning goes on
    planned = reads;
    audit.tables(reads, query.isExplain());
    timer.enter();
    try {
      execution = query.execute(parameters, connection.pins(), session -> {
        running = session;
        timer.attach(session);
      }, reads, maxRows);
    } catch (SQLException e) {
      timer.stop();
      running = null;
      SQLException thrown = e;
      if (timer.expired()) {
        thrown = timedOut(seconds, e);
      } else if (cancelled) {
        thrown = new LakehouseSqlException("Query was cancelled", SqlState.CANCELLED, e);
      }
      audit.failed(thrown, 0);
      throw thrown;
    } catch (RuntimeException e) {
      timer.stop();
      running = null;
      audit.failed(e, 0);
      throw e;
    } finally {
      timer.exit();
    }
    audit.tables(execution.tables(), query.isExplain());
    if (execution.cacheHit()) {
      audit.cacheHit();
    }
    audit.started();
    // DuckDB streams the result: the session keeps running while rows are fetched, so it stays cancellable and the
    // timeout keeps counting the engine's time (QueryTimer) until the result is exhausted or closed.
    current = new LakehouseResultSet(execution, this, maxRows, connection.zone(), audit, timer);
    return current;
  }

  @Override
  public int plannedTables() {
    return planned.size();
  }

  @Override
  public int plannedFiles() {
    return planned.stream().mapToInt(TableRead::files).sum();
  }

  @Override
  public long plannedBytes() {
    return planned.stream().mapToLong(TableRead::bytes).sum();
  }

  /** The timeout's error: the statement's own timeout, or the catalog's cap. */
  SQLException timedOut(int seconds, SQLException cause) {
    boolean capped = seconds != queryTimeoutSeconds;
    return new SQLTimeoutException("Query exceeded the timeout of " + seconds + " s" + (capped
        ? " (the catalog's engine.max_query_seconds)" : ""), SqlState.CANCELLED.code(), cause);
  }

  /** The current result set closed: nothing of this statement runs in the engine any more. */
  void resultClosed(LakehouseResultSet rs) {
    if (rs == current || current == null) {
      running = null;
    }
  }

  /** Whether cancel() was called during the current execution (a fetch that fails then was cancelled). */
  boolean wasCancelled() {
    return cancelled;
  }

  void closeCurrent() throws SQLException {
    if (current != null) {
      LakehouseResultSet rs = current;
      current = null;
      boolean onCompletion = closeOnCompletion;
      closeOnCompletion = false;  // replacing a result is not completing the statement
      try {
        rs.close();
      } finally {
        closeOnCompletion = onCompletion;
      }
    }
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    checkOpen();
    closeCurrent();  // the previous execution's record first
    AuditLog.Execution audit = connection.audit().begin(sql);
    PreparedQuery query;
    try {
      if (SessionStatement.isSetting(sql)) {
        throw noResultSet();
      }
      query = connection.pipeline().prepare(sql);
    } catch (SQLException | RuntimeException e) {
      audit.failed(e, 0);
      throw e;
    }
    return run(query, List.of(), audit);
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    if (applySetting(sql)) {
      return false;
    }
    executeQuery(sql);
    return true;
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    if (applySetting(sql)) {
      return 0;
    }
    throw refuseUpdate(sql);
  }

  /**
   * A SET of the session time zone or a USE of a schema: applied (and audited); false when the statement is
   * something else.
   */
  boolean applySetting(String sql) throws SQLException {
    checkOpen();
    ZoneId zone;
    SessionStatement.Use use;
    try {
      zone = SessionStatement.timeZone(sql);
      use = zone == null ? SessionStatement.use(sql) : null;
    } catch (SQLException e) {
      connection.audit().begin(sql).failed(e, 0);
      throw e;
    }
    if (zone == null && use == null) {
      return false;
    }
    closeCurrent();
    AuditLog.Execution audit = connection.audit().begin(sql);
    try {
      if (zone != null) {
        connection.setTimeZone(zone);
      } else {
        connection.pipeline().names().use(use.parts(), use.quoted(), use.line(), use.column());
      }
    } catch (SQLException | RuntimeException e) {
      audit.failed(e, 0);
      throw e;
    }
    audit.finish(0);
    return true;
  }

  static SQLException noResultSet() {
    return new LakehouseSqlException("SET and USE return no result set: run them with execute() or executeUpdate()",
        SqlState.NO_RESULT_SET);
  }

  static SQLException readOnly() {
    return new LakehouseSqlException("lakehouse-jdbc is read-only: updates are not allowed",
        SqlState.READ_ONLY);
  }

  /** An update attempt: refused, and audited as denied. */
  SQLException refuseUpdate(String sql) throws SQLException {
    checkOpen();
    SQLException e = readOnly();
    connection.audit().begin(sql).failed(e, 0);
    return e;
  }

  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      closeCurrent();
    } finally {
      connection.forget(this);
    }
  }

  @Override
  public int getMaxFieldSize() throws SQLException {
    checkOpen();
    return 0;
  }

  @Override
  public void setMaxFieldSize(int max) throws SQLException {
    checkOpen();
    if (max < 0) {
      throw new LakehouseSqlException("Max field size must not be negative", SqlState.INVALID_ATTRIBUTE_VALUE);
    }
  }

  @Override
  public int getMaxRows() throws SQLException {
    checkOpen();
    return (int) Math.min(Integer.MAX_VALUE, maxRows);
  }

  @Override
  public void setMaxRows(int max) throws SQLException {
    setLargeMaxRows(max);
  }

  @Override
  public long getLargeMaxRows() throws SQLException {
    checkOpen();
    return maxRows;
  }

  @Override
  public void setLargeMaxRows(long max) throws SQLException {
    checkOpen();
    if (max < 0) {
      throw new LakehouseSqlException("Max rows must not be negative", SqlState.INVALID_ATTRIBUTE_VALUE);
    }
    maxRows = max;
  }

  @Override
  public void setEscapeProcessing(boolean enable) throws SQLException {
    checkOpen();
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    checkOpen();
    // What the statement runs with: the catalog's engine.max_query_seconds caps it, and replaces "none".
    return EngineLimits.effectiveTimeout(queryTimeoutSeconds, connection.maxQuerySeconds());
  }

  @Override
  public void setQueryTimeout(int seconds) throws SQLException {
    checkOpen();
    if (seconds < 0) {
      throw new LakehouseSqlException("Query timeout must not be negative", SqlState.INVALID_ATTRIBUTE_VALUE);
    }
    queryTimeoutSeconds = seconds;
  }

  @Override
  public void cancel() throws SQLException {
    checkOpen();
    cancelled = true;
    EngineSession r = running;
    if (r != null) {
      r.cancel();
    }
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    return null;
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
  }

  @Override
  public void setCursorName(String name) throws SQLException {
    throw LakehouseConnection.notSupported("Named cursors");
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    checkOpen();
    return current;
  }

  @Override
  public int getUpdateCount() throws SQLException {
    checkOpen();
    return -1;
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    return getMoreResults(CLOSE_CURRENT_RESULT);
  }

  @Override
  public boolean getMoreResults(int current) throws SQLException {
    checkOpen();
    closeCurrent();
    return false;
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    checkOpen();
    if (direction != ResultSet.FETCH_FORWARD) {
      throw LakehouseConnection.notSupported("Fetch directions other than forward");
    }
  }

  @Override
  public int getFetchDirection() throws SQLException {
    checkOpen();
    return ResultSet.FETCH_FORWARD;
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    checkOpen();
    if (rows < 0) {
      throw new LakehouseSqlException("Fetch size must not be negative", SqlState.INVALID_ATTRIBUTE_VALUE);
    }
    fetchSize = rows;
  }

  @Override
  public int getFetchSize() throws SQLException {
    checkOpen();
    return fetchSize;
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    checkOpen();
    return ResultSet.CONCUR_READ_ONLY;
  }

  @Override
  public int getResultSetType() throws SQLException {
    checkOpen();
    return ResultSet.TYPE_FORWARD_ONLY;
  }

  @Override
  public void addBatch(String sql) throws SQLException {
    throw LakehouseConnection.notSupported("Batches");
  }

  @Override
  public void clearBatch() throws SQLException {
    throw LakehouseConnection.notSupported("Batches");
  }

  @Override
  public int[] executeBatch() throws SQLException {
    throw LakehouseConnection.notSupported("Batches");
  }

  @Override
  public Connection getConnection() throws SQLException {
    checkOpen();
    return connection;
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    throw LakehouseConnection.notSupported("Generated keys");
  }

  @Override
  public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    throw refuseUpdate(sql);
  }

  @Override
  public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    throw refuseUpdate(sql);
  }

  @Override
  public int executeUpdate(String sql, String[] columnNames) throws SQLException {
    throw refuseUpdate(sql);
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    throw refuseUpdate(sql);
  }

  @Override
  public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    throw refuseUpdate(sql);
  }

  @Override
  public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
    throw refuseUpdate(sql);
  }

  @Override
  public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
    throw refuseUpdate(sql);
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    checkOpen();
    return -1;
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    throw LakehouseConnection.notSupported("Batches");
  }

  @Override
  public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    return execute(sql);
  }

  @Override
  public boolean execute(String sql, int[] columnIndexes) throws SQLException {
    throw LakehouseConnection.notSupported("Generated keys");
  }

  @Override
  public boolean execute(String sql, String[] columnNames) throws SQLException {
    throw LakehouseConnection.notSupported("Generated keys");
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    checkOpen();
    return ResultSet.CLOSE_CURSORS_AT_COMMIT;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void setPoolable(boolean poolable) throws SQLException {
    checkOpen();
  }

  @Override
  public boolean isPoolable() throws SQLException {
    checkOpen();
    return false;
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    checkOpen();
    closeOnCompletion = true;
  }

  /** Whether closing this statement's result set closes the statement (JDBC closeOnCompletion). */
  boolean closesOnCompletion() {
    return closeOnCompletion && !closed;
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    checkOpen();
    return closeOnCompletion;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return (T) this;
    }
    throw new LakehouseSqlException("Not a wrapper for " + iface, SqlState.GENERAL);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
