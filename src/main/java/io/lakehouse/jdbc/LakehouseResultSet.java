package io.lakehouse.jdbc;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.engine.DuckDbErrors;
import io.lakehouse.security.AuditLog;
import io.lakehouse.sql.QueryExecution;
import java.nio.ByteBuffer;
import java.sql.Blob;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The driver's result set: DuckDB's, with JDBC's expectations filled in: BLOB values as {@code byte[]},
 * {@code getObject(i, LocalDate / LocalDateTime / OffsetDateTime / Instant / ZonedDateTime)}, {@code maxRows},
 * and closing that releases the query's engine session.
 */
final class LakehouseResultSet extends DelegatingResultSet {
  private final QueryExecution execution;
  private final Statement statement;
  private final long maxRows;
  private final ZoneId zone;
  /** The execution's audit record, written at close (rows counted in next()) or when a fetch fails; or null. */
  private final AuditLog.Execution audit;
  /** The statement's timeout, counting the engine's time while rows are fetched (the result is streamed). */
  private final QueryTimer timer;
  private long rowsRead;
  private boolean closed;
  private SQLWarning warnings;

  /** A result that is not a statement execution (metadata), so not audited. */
  LakehouseResultSet(QueryExecution execution, Statement statement, long maxRows, ZoneId zone) {
    this(execution, statement, maxRows, zone, null, new QueryTimer(0));
  }

  LakehouseResultSet(QueryExecution execution, Statement statement, long maxRows, ZoneId zone,
      AuditLog.Execution audit, QueryTimer timer) {
    super(execution.result());
    this.execution = execution;
    this.statement = statement;
    this.maxRows = maxRows;
    this.zone = zone;
    this.audit = audit;
    this.timer = timer;
  }

  QueryExecution execution() {
    return execution;
  }

  @Override
  public boolean next() throws SQLException {
    checkOpen();
    if (maxRows > 0 && rowsRead >= maxRows) {
      timer.stop();
      return false;
    }
    boolean has;
    timer.enter();
    try {
      has = delegate.next();
    } catch (SQLException e) {
      timer.stop();
      // An engine failure while fetching also invalidates the engine's database: the session reports it.
      SQLException thrown = e instanceof LakehouseSqlException ? e
          : DuckDbErrors.translate(execution.session().failed(e), 0, 0);
      if (timer.expired() && statement instanceof LakehouseStatement s) {
        thrown = s.timedOut(timer.seconds(), e);
      } else if (statement instanceof LakehouseStatement s && s.wasCancelled()) {
        thrown = new LakehouseSqlException("Query was cancelled", SqlState.CANCELLED, e);
      }
      if (audit != null) {
        audit.failed(thrown, rowsRead);
      }
      throw thrown;
    } finally {
      timer.exit();
    }
    if (has) {
      rowsRead++;
    } else {
      timer.stop();
    }
    return has;
  }

  @Override
  public Statement getStatement() {
    return statement;
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    return new LakehouseResultSetMetaData(delegate.getMetaData());
  }

  @Override
  public Object getObject(int column) throws SQLException {
    return normalize(delegate.getObject(column));
  }

  @Override
  public String getString(int column) throws SQLException {
    Object v = getObject(column);
    if (v instanceof OffsetDateTime || v instanceof byte[]) {
      return v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : v.toString();
    }
    return delegate.getString(column);
  }

  @Override
  public String getString(String column) throws SQLException {
    return getString(findColumn(column));
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    return warnings;
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
    warnings = null;
  }

  /** A warning about the result (metadata: a table that could not be read and is missing from it). */
  void addWarning(SQLWarning w) {
    if (warnings == null) {
      warnings = w;
    } else {
      warnings.setNextWarning(w);
    }
  }

  @Override
  public Object getObject(String column) throws SQLException {
    return getObject(findColumn(column));
  }

  @Override
  public byte[] getBytes(int column) throws SQLException {
    Object v = delegate.getObject(column);
    if (v == null) {
      return null;
    }
    Object n = normalize(v);
    if (n instanceof byte[] b) {
      return b;
    }
    throw new LakehouseSqlException("Column " + column + " is not binary", SqlState.INVALID_CAST);
  }

  @Override
  public byte[] getBytes(String column) throws SQLException {
    return getBytes(findColumn(column));
  }

  @Override
  public <T> T getObject(String column, Class<T> type) throws SQLException {
    return getObject(findColumn(column), type);
  }

  @Override
  public <T> T getObject(int column, Class<T> type) throws SQLException {
    if (type == null) {
      throw new LakehouseSqlException("Type must not be null", SqlState.GENERAL);
    }
    Object v = getObject(column);
    if (v == null) {
      return null;
    }
    if (type.isInstance(v)) {
      return type.cast(v);
    }
    Object converted = convert(v, type);
    if (converted == null) {
      if (type == String.class) {
        return type.cast(delegate.getString(column));
      }
      return delegate.getObject(column, type);
    }
    return type.cast(converted);
  }

  private Object convert(Object v, Class<?> type) throws SQLException {
    if (type == LocalDate.class) {
      if (v instanceof Date d) {
        return d.toLocalDate();
      }
      if (v instanceof Timestamp t) {
        return t.toLocalDateTime().toLocalDate();
      }
    } else if (type == LocalDateTime.class) {
      if (v instanceof Timestamp t) {
        return t.toLocalDateTime();
      }
      if (v instanceof OffsetDateTime o) {
        return o.atZoneSameInstant(zone).toLocalDateTime();
      }
      if (v instanceof Date d) {
        return d.toLocalDate().atStartOfDay();
      }
    } else if (type == LocalTime.class && v instanceof java.sql.Time t) {
      return t.toLocalTime();
    } else if (type == OffsetDateTime.class || type == Instant.class || type == ZonedDateTime.class) {
      if (v instanceof OffsetDateTime o) {
        if (type == Instant.class) {
          return o.toInstant();
        }
        return type == ZonedDateTime.class ? o.atZoneSameInstant(zone) : o;
      }
      if (v instanceof Timestamp) {
        throw new LakehouseSqlException("A TIMESTAMP without time zone has no instant; read it as LocalDateTime",
            SqlState.INVALID_CAST);
      }
    } else if (type == Timestamp.class && v instanceof OffsetDateTime o) {
      return Timestamp.from(o.toInstant());
    }
    return null;
  }

  /**
   * DuckDB's values as JDBC clients expect them, matching {@code getColumnClassName}: BLOB as byte[], DATE as
   * java.sql.Date, HUGEINT as BigDecimal, UUID as String, TIMESTAMP WITH TIME ZONE in the session zone.
   */
  private Object normalize(Object v) throws SQLException {
    if (v instanceof OffsetDateTime o) {
      return o.atZoneSameInstant(zone).toOffsetDateTime();
    }
    if (v instanceof LocalDate d) {
      return Date.valueOf(d);
    }
    if (v instanceof java.math.BigInteger bi) {
      return new java.math.BigDecimal(bi);
    }
    if (v instanceof java.util.UUID u) {
      return u.toString();
    }
    if (v instanceof org.duckdb.JsonNode json) {
      // JSON (VARIANT columns) is text to JDBC clients, as its column type says.
      return json.toString();
    }
    if (v instanceof Blob blob) {
      long length = blob.length();
      return blob.getBytes(1, Math.toIntExact(length));
    }
    if (v instanceof ByteBuffer buf) {
      byte[] b = new byte[buf.remaining()];
      buf.duplicate().get(b);
      return b;
    }
    return v;
  }

  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    timer.stop();
    try {
      if (audit != null) {
        audit.finish(rowsRead);
      }
      execution.close();
    } finally {
      if (statement instanceof LakehouseStatement s) {
        s.resultClosed(this);
      }
      if (statement instanceof LakehouseStatement s && s.closesOnCompletion()) {
        s.close();
      }
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public int getHoldability() {
    return ResultSet.CLOSE_CURSORS_AT_COMMIT;
  }

  private void checkOpen() throws SQLException {
    if (closed) {
      throw new LakehouseSqlException("Result set is closed", SqlState.INVALID_CURSOR_STATE);
    }
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
