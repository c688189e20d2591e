package io.lakehouse.jdbc;

import io.lakehouse.SqlState;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

/** DuckDB's result metadata with the JDBC types the driver documents (BLOB as VARBINARY, for instance). */
final class LakehouseResultSetMetaData implements ResultSetMetaData {
  private final ResultSetMetaData delegate;

  LakehouseResultSetMetaData(ResultSetMetaData delegate) {
    this.delegate = delegate;
  }

  @Override
  public int getColumnCount() throws SQLException {
    return delegate.getColumnCount();
  }

  @Override
  public boolean isAutoIncrement(int column) throws SQLException {
    check(column);
    return false;
  }

  @Override
  public boolean isCaseSensitive(int column) throws SQLException {
    check(column);
    return getColumnType(column) == Types.VARCHAR;
  }

  @Override
  public boolean isSearchable(int column) throws SQLException {
    check(column);
    return true;
  }

  @Override
  public boolean isCurrency(int column) throws SQLException {
    check(column);
    return false;
  }

  @Override
  public int isNullable(int column) throws SQLException {
    check(column);
    return columnNullableUnknown;
  }

  @Override
  public boolean isSigned(int column) throws SQLException {
    check(column);
    return JdbcTypes.isSigned(getColumnType(column));
  }

  @Override
  public int getColumnDisplaySize(int column) throws SQLException {
    check(column);
    return JdbcTypes.displaySize(delegate.getColumnTypeName(column));
  }

  @Override
  public String getColumnLabel(int column) throws SQLException {
    check(column);
    return delegate.getColumnLabel(column);
  }

  @Override
  public String getColumnName(int column) throws SQLException {
    check(column);
    return delegate.getColumnName(column);
  }

  @Override
  public String getSchemaName(int column) throws SQLException {
    check(column);
    return "";
  }

  @Override
  public int getPrecision(int column) throws SQLException {
    check(column);
    return JdbcTypes.precision(delegate.getColumnTypeName(column));
  }

  @Override
  public int getScale(int column) throws SQLException {
    check(column);
    return JdbcTypes.scale(delegate.getColumnTypeName(column));
  }

  @Override
  public String getTableName(int column) throws SQLException {
    check(column);
    return "";
  }

  @Override
  public String getCatalogName(int column) throws SQLException {
    check(column);
    return "";
  }

  @Override
  public int getColumnType(int column) throws SQLException {
    check(column);
    return JdbcTypes.jdbcType(delegate.getColumnTypeName(column));
  }

  @Override
  public String getColumnTypeName(int column) throws SQLException {
    check(column);
    return delegate.getColumnTypeName(column);
  }

  @Override
  public boolean isReadOnly(int column) throws SQLException {
    check(column);
    return true;
  }

  @Override
  public boolean isWritable(int column) throws SQLException {
    check(column);
    return false;
  }

  @Override
  public boolean isDefinitelyWritable(int column) throws SQLException {
    check(column);
    return false;
  }

  @Override
  public String getColumnClassName(int column) throws SQLException {
    check(column);
    return JdbcTypes.javaClass(delegate.getColumnTypeName(column));
  }

  private void check(int column) throws SQLException {
    if (column < 1 || column > delegate.getColumnCount()) {
      throw new io.lakehouse.LakehouseSqlException("Column index " + column + " is out of range 1.."
          + delegate.getColumnCount(), SqlState.INVALID_INDEX);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return (T) this;
    }
    throw new SQLException("Not a wrapper for " + iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
