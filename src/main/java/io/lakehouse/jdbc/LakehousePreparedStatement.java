package io.lakehouse.jdbc;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.security.AuditLog;
import io.lakehouse.sql.PreparedQuery;
import io.lakehouse.sql.SessionStatement;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * A prepared query: parsed and bound once, executed with parameters. Parameters may appear anywhere a value may,
 * time-travel clauses included ({@code FOR VERSION AS OF ?}).
 */
final class LakehousePreparedStatement extends LakehouseStatement implements PreparedStatement {
  private static final Object UNSET = new Object();

  private final PreparedQuery query;
  private final Object[] parameters;
  /** For a prepared {@code SET TimeZone} or {@code USE}: its text (applied at each execution); else null. */
  private final String setting;

  LakehousePreparedStatement(LakehouseConnection connection, String sql) throws SQLException {
    super(connection);
    try {
      this.setting = SessionStatement.isSetting(sql) ? sql : null;
      this.query = setting != null ? null : connection.pipeline().prepare(sql);
    } catch (SQLException | RuntimeException e) {
      // A refused statement is audited even though it never gets executed.
      connection.audit().begin(sql).failed(e, 0);
      throw e;
    }
    this.parameters = new Object[query == null ? 0 : query.parameterCount()];
    Arrays.fill(parameters, UNSET);
  }

  private void set(int index, Object value) throws SQLException {
    checkOpen();
    if (index < 1 || index > parameters.length) {
      throw new LakehouseSqlException("Parameter index " + index + " is out of range: the statement has "
          + parameters.length + " parameter(s)", SqlState.INVALID_INDEX);
    }
    parameters[index - 1] = value;
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    checkOpen();
    if (setting != null) {
      throw noResultSet();
    }
    closeCurrent();  // the previous execution's record first
    AuditLog.Execution audit = connection.audit().begin(query.sql());
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < parameters.length; i++) {
      if (parameters[i] == UNSET) {
        SQLException e = new LakehouseSqlException("Parameter " + (i + 1) + " is not set", SqlState.PARAMETER_NOT_SET);
        audit.failed(e, 0);
        throw e;
      }
      values.add(parameters[i]);
    }
    return run(query, values, audit);
  }

  @Override
  public boolean execute() throws SQLException {
    if (setting != null) {
      applySetting(setting);
      return false;
    }
    executeQuery();
    return true;
  }

  @Override
  public int executeUpdate() throws SQLException {
    if (setting != null) {
      applySetting(setting);
      return 0;
    }
    throw refuseUpdate(query.sql());
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    return executeUpdate();
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    throw new LakehouseSqlException("executeQuery(String) cannot be called on a PreparedStatement", SqlState.GENERAL);
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    throw new LakehouseSqlException("execute(String) cannot be called on a PreparedStatement", SqlState.GENERAL);
  }

  @Override
  public void clearParameters() throws SQLException {
    checkOpen();
    Arrays.fill(parameters, UNSET);
  }

  @Override
  public void setNull(int i, int sqlType) throws SQLException {
    set(i, null);
  }

  @Override
  public void setNull(int i, int sqlType, String typeName) throws SQLException {
    set(i, null);
  }

  @Override
  public void setBoolean(int i, boolean x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setByte(int i, byte x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setShort(int i, short x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setInt(int i, int x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setLong(int i, long x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setFloat(int i, float x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setDouble(int i, double x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setBigDecimal(int i, BigDecimal x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setString(int i, String x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setNString(int i, String x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setBytes(int i, byte[] x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setDate(int i, Date x) throws SQLException {
    set(i, x == null ? null : x.toLocalDate());
  }

  @Override
  public void setDate(int i, Date x, Calendar cal) throws SQLException {
    setDate(i, x);
  }

  @Override
  public void setTime(int i, Time x) throws SQLException {
    set(i, x == null ? null : x.toLocalTime());
  }

  @Override
  public void setTime(int i, Time x, Calendar cal) throws SQLException {
    setTime(i, x);
  }

  /**
   * A Timestamp is an instant; it is bound as that instant's clock time in the session zone, which is how DuckDB
   * reads a local date-time against TIMESTAMP WITH TIME ZONE. With the default session zone (the JVM's) this is
   * also the Timestamp's own clock time for TIMESTAMP columns; use LocalDateTime for those when the zones differ.
   */
  @Override
  public void setTimestamp(int i, Timestamp x) throws SQLException {
    set(i, x == null ? null : LocalDateTime.ofInstant(x.toInstant(), connection.zone()));
  }

  @Override
  public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException {
    if (x == null || cal == null) {
      setTimestamp(i, x);
    } else {
      set(i, OffsetDateTime.ofInstant(x.toInstant(), cal.getTimeZone().toZoneId()));
    }
  }

  @Override
  public void setObject(int i, Object x) throws SQLException {
    if (x instanceof Date d) {
      setDate(i, d);
    } else if (x instanceof Timestamp t) {
      setTimestamp(i, t);
    } else if (x instanceof Time t) {
      setTime(i, t);
    } else if (x instanceof Instant instant) {
      set(i, OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC));
    } else if (x instanceof ZonedDateTime z) {
      set(i, z.toOffsetDateTime());
    } else if (x == null || x instanceof String || x instanceof Number || x instanceof Boolean
        || x instanceof byte[] || x instanceof LocalDate || x instanceof LocalDateTime || x instanceof LocalTime
        || x instanceof OffsetDateTime || x instanceof java.util.UUID) {
      set(i, x);
    } else {
      throw new LakehouseSqlException("Unsupported parameter type " + x.getClass().getName(),
          SqlState.NOT_SUPPORTED);
    }
  }

  @Override
  public void setObject(int i, Object x, int targetSqlType) throws SQLException {
    if (x == null || targetSqlType == Types.NULL) {
      set(i, null);
    } else {
      setObject(i, x);
    }
  }

  @Override
  public void setObject(int i, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
    setObject(i, x, targetSqlType);
  }

  @Override
  public void addBatch() throws SQLException {
    throw LakehouseConnection.notSupported("Batches");
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    // Computing it would mean planning the query; JDBC allows null when the driver cannot return it cheaply.
    return null;
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    checkOpen();
    int count = parameters.length;
    return new ParameterMetaData() {
      @Override
      public int getParameterCount() {
        return count;
      }

      @Override
      public int isNullable(int param) {
        return parameterNullableUnknown;
      }

      @Override
      public boolean isSigned(int param) {
        return true;
      }

      @Override
      public int getPrecision(int param) {
        return 0;
      }

      @Override
      public int getScale(int param) {
        return 0;
      }

      @Override
      public int getParameterType(int param) {
        return Types.OTHER;
      }

      @Override
      public String getParameterTypeName(int param) {
        return "UNKNOWN";
      }

      @Override
      public String getParameterClassName(int param) {
        return Object.class.getName();
      }

      @Override
      public int getParameterMode(int param) {
        return parameterModeIn;
      }

      @Override
      public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("Not a wrapper for " + iface);
      }

      @Override
      public boolean isWrapperFor(Class<?> iface) {
        return false;
      }
    };
  }

  private static SQLException streams() {
    return LakehouseConnection.notSupported("Stream, LOB, REF, ROWID, URL and array parameters");
  }

  @Override
  public void setAsciiStream(int i, InputStream x, int length) throws SQLException {
    throw streams();
  }

  @Override
  public void setUnicodeStream(int i, InputStream x, int length) throws SQLException {
    throw streams();
  }

  @Override
  public void setBinaryStream(int i, InputStream x, int length) throws SQLException {
    throw streams();
  }

  @Override
  public void setCharacterStream(int i, Reader reader, int length) throws SQLException {
    throw streams();
  }

  @Override
  public void setRef(int i, Ref x) throws SQLException {
    throw streams();
  }

  @Override
  public void setBlob(int i, Blob x) throws SQLException {
    throw streams();
  }

  @Override
  public void setClob(int i, Clob x) throws SQLException {
    throw streams();
  }

  @Override
  public void setArray(int i, Array x) throws SQLException {
    throw streams();
  }

  @Override
  public void setURL(int i, URL x) throws SQLException {
    throw streams();
  }

  @Override
  public void setRowId(int i, RowId x) throws SQLException {
    throw streams();
  }

  @Override
  public void setNCharacterStream(int i, Reader value, long length) throws SQLException {
    throw streams();
  }

  @Override
  public void setNClob(int i, NClob value) throws SQLException {
    throw streams();
  }

  @Override
  public void setClob(int i, Reader reader, long length) throws SQLException {
    throw streams();
  }

  @Override
  public void setBlob(int i, InputStream inputStream, long length) throws SQLException {
    throw streams();
  }

  @Override
  public void setNClob(int i, Reader reader, long length) throws SQLException {
    throw streams();
  }

  @Override
  public void setSQLXML(int i, SQLXML xmlObject) throws SQLException {
    throw streams();
  }

  @Override
  public void setAsciiStream(int i, InputStream x, long length) throws SQLException {
    throw streams();
  }

  @Override
  public void setBinaryStream(int i, InputStream x, long length) throws SQLException {
    throw streams();
  }

  @Override
  public void setCharacterStream(int i, Reader reader, long length) throws SQLException {
    throw streams();
  }

  @Override
  public void setAsciiStream(int i, InputStream x) throws SQLException {
    throw streams();
  }

  @Override
  public void setBinaryStream(int i, InputStream x) throws SQLException {
    throw streams();
  }

  @Override
  public void setCharacterStream(int i, Reader reader) throws SQLException {
    throw streams();
  }

  @Override
  public void setNCharacterStream(int i, Reader value) throws SQLException {
    throw streams();
  }

  @Override
  public void setClob(int i, Reader reader) throws SQLException {
    throw streams();
  }

  @Override
  public void setBlob(int i, InputStream inputStream) throws SQLException {
    throw streams();
  }

  @Override
  public void setNClob(int i, Reader reader) throws SQLException {
    throw streams();
  }
}
