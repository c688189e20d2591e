package io.lakehouse.jdbc;

import io.lakehouse.SqlState;
import java.sql.*;

/**
 * Forwards every {@link ResultSet} method to another result set. Generated from the JDK's interface so that the
 * driver's own result set only spells out the methods whose behaviour it changes.
 *
 * <p>Do not edit: written by DelegatingResultSetGenerator (test sources), which says how to regenerate it;
 * DelegatingResultSetGeneratorTest fails when the two differ.
 */
abstract class DelegatingResultSet implements ResultSet {
  protected final ResultSet delegate;

  DelegatingResultSet(ResultSet delegate) {
    this.delegate = delegate;
  }

  /** DuckDB's getters throw unchecked exceptions for a value of the wrong type; JDBC wants an SQLException. */
  static SQLException conversion(RuntimeException e) {
    return new io.lakehouse.LakehouseSqlException("Cannot convert the value: " + e, SqlState.INVALID_CAST, e);
  }

  @Override
  public boolean next() throws SQLException {
    return delegate.next();
  }

  @Override
  public void close() throws SQLException {
    delegate.close();
  }

  @Override
  public boolean wasNull() throws SQLException {
    return delegate.wasNull();
  }

  @Override
  public String getString(int a0) throws SQLException {
    try {
      return delegate.getString(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public boolean getBoolean(int a0) throws SQLException {
    try {
      return delegate.getBoolean(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public byte getByte(int a0) throws SQLException {
    try {
      return delegate.getByte(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public short getShort(int a0) throws SQLException {
    try {
      return delegate.getShort(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public int getInt(int a0) throws SQLException {
    try {
      return delegate.getInt(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public long getLong(int a0) throws SQLException {
    try {
      return delegate.getLong(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public float getFloat(int a0) throws SQLException {
    try {
      return delegate.getFloat(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public double getDouble(int a0) throws SQLException {
    try {
      return delegate.getDouble(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public java.math.BigDecimal getBigDecimal(int a0, int a1) throws SQLException {
    try {
      return delegate.getBigDecimal(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public byte[] getBytes(int a0) throws SQLException {
    try {
      return delegate.getBytes(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Date getDate(int a0) throws SQLException {
    try {
      return delegate.getDate(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Time getTime(int a0) throws SQLException {
    try {
      return delegate.getTime(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Timestamp getTimestamp(int a0) throws SQLException {
    try {
      return delegate.getTimestamp(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public java.io.InputStream getAsciiStream(int a0) throws SQLException {
    try {
      return delegate.getAsciiStream(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public java.io.InputStream getUnicodeStream(int a0) throws SQLException {
    try {
      return delegate.getUnicodeStream(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public java.io.InputStream getBinaryStream(int a0) throws SQLException {
    try {
      return delegate.getBinaryStream(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public String getString(String a0) throws SQLException {
    try {
      return delegate.getString(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public boolean getBoolean(String a0) throws SQLException {
    try {
      return delegate.getBoolean(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public byte getByte(String a0) throws SQLException {
    try {
      return delegate.getByte(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public short getShort(String a0) throws SQLException {
    try {
      return delegate.getShort(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public int getInt(String a0) throws SQLException {
    try {
      return delegate.getInt(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public long getLong(String a0) throws SQLException {
    try {
      return delegate.getLong(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public float getFloat(String a0) throws SQLException {
    try {
      return delegate.getFloat(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public double getDouble(String a0) throws SQLException {
    try {
      return delegate.getDouble(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public java.math.BigDecimal getBigDecimal(String a0, int a1) throws SQLException {
    try {
      return delegate.getBigDecimal(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public byte[] getBytes(String a0) throws SQLException {
    try {
      return delegate.getBytes(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Date getDate(String a0) throws SQLException {
    try {
      return delegate.getDate(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Time getTime(String a0) throws SQLException {
    try {
      return delegate.getTime(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Timestamp getTimestamp(String a0) throws SQLException {
    try {
      return delegate.getTimestamp(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public java.io.InputStream getAsciiStream(String a0) throws SQLException {
    try {
      return delegate.getAsciiStream(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public java.io.InputStream getUnicodeStream(String a0) throws SQLException {
    try {
      return delegate.getUnicodeStream(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public java.io.InputStream getBinaryStream(String a0) throws SQLException {
    try {
      return delegate.getBinaryStream(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    try {
      return delegate.getWarnings();
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void clearWarnings() throws SQLException {
    delegate.clearWarnings();
  }

  @Override
  public String getCursorName() throws SQLException {
    try {
      return delegate.getCursorName();
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    try {
      return delegate.getMetaData();
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Object getObject(int a0) throws SQLException {
    try {
      return delegate.getObject(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Object getObject(String a0) throws SQLException {
    try {
      return delegate.getObject(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public int findColumn(String a0) throws SQLException {
    return delegate.findColumn(a0);
  }

  @Override
  public java.io.Reader getCharacterStream(int a0) throws SQLException {
    try {
      return delegate.getCharacterStream(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public java.io.Reader getCharacterStream(String a0) throws SQLException {
    try {
      return delegate.getCharacterStream(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public java.math.BigDecimal getBigDecimal(int a0) throws SQLException {
    try {
      return delegate.getBigDecimal(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public java.math.BigDecimal getBigDecimal(String a0) throws SQLException {
    try {
      return delegate.getBigDecimal(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public boolean isBeforeFirst() throws SQLException {
    return delegate.isBeforeFirst();
  }

  @Override
  public boolean isAfterLast() throws SQLException {
    return delegate.isAfterLast();
  }

  @Override
  public boolean isFirst() throws SQLException {
    return delegate.isFirst();
  }

  @Override
  public boolean isLast() throws SQLException {
    return delegate.isLast();
  }

  @Override
  public void beforeFirst() throws SQLException {
    delegate.beforeFirst();
  }

  @Override
  public void afterLast() throws SQLException {
    delegate.afterLast();
  }

  @Override
  public boolean first() throws SQLException {
    return delegate.first();
  }

  @Override
  public boolean last() throws SQLException {
    return delegate.last();
  }

  @Override
  public int getRow() throws SQLException {
    try {
      return delegate.getRow();
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public boolean absolute(int a0) throws SQLException {
    return delegate.absolute(a0);
  }

  @Override
  public boolean relative(int a0) throws SQLException {
    return delegate.relative(a0);
  }

  @Override
  public boolean previous() throws SQLException {
    return delegate.previous();
  }

  @Override
  public void setFetchDirection(int a0) throws SQLException {
    delegate.setFetchDirection(a0);
  }

  @Override
  public int getFetchDirection() throws SQLException {
    try {
      return delegate.getFetchDirection();
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void setFetchSize(int a0) throws SQLException {
    delegate.setFetchSize(a0);
  }

  @Override
  public int getFetchSize() throws SQLException {
    try {
      return delegate.getFetchSize();
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public int getType() throws SQLException {
    try {
      return delegate.getType();
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public int getConcurrency() throws SQLException {
    try {
      return delegate.getConcurrency();
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public boolean rowUpdated() throws SQLException {
    return delegate.rowUpdated();
  }

  @Override
  public boolean rowInserted() throws SQLException {
    return delegate.rowInserted();
  }

  @Override
  public boolean rowDeleted() throws SQLException {
    return delegate.rowDeleted();
  }

  @Override
  public void updateNull(int a0) throws SQLException {
    try {
      delegate.updateNull(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateBoolean(int a0, boolean a1) throws SQLException {
    try {
      delegate.updateBoolean(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateByte(int a0, byte a1) throws SQLException {
    try {
      delegate.updateByte(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateShort(int a0, short a1) throws SQLException {
    try {
      delegate.updateShort(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateInt(int a0, int a1) throws SQLException {
    try {
      delegate.updateInt(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateLong(int a0, long a1) throws SQLException {
    try {
      delegate.updateLong(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateFloat(int a0, float a1) throws SQLException {
    try {
      delegate.updateFloat(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateDouble(int a0, double a1) throws SQLException {
    try {
      delegate.updateDouble(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateBigDecimal(int a0, java.math.BigDecimal a1) throws SQLException {
    try {
      delegate.updateBigDecimal(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateString(int a0, String a1) throws SQLException {
    try {
      delegate.updateString(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateBytes(int a0, byte[] a1) throws SQLException {
    try {
      delegate.updateBytes(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateDate(int a0, Date a1) throws SQLException {
    try {
      delegate.updateDate(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateTime(int a0, Time a1) throws SQLException {
    try {
      delegate.updateTime(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateTimestamp(int a0, Timestamp a1) throws SQLException {
    try {
      delegate.updateTimestamp(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateAsciiStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
    try {
      delegate.updateAsciiStream(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateBinaryStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
    try {
      delegate.updateBinaryStream(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateCharacterStream(int a0, java.io.Reader a1, int a2) throws SQLException {
    try {
      delegate.updateCharacterStream(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateObject(int a0, Object a1, int a2) throws SQLException {
    try {
      delegate.updateObject(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateObject(int a0, Object a1) throws SQLException {
    try {
      delegate.updateObject(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateNull(String a0) throws SQLException {
    try {
      delegate.updateNull(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateBoolean(String a0, boolean a1) throws SQLException {
    try {
      delegate.updateBoolean(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateByte(String a0, byte a1) throws SQLException {
    try {
      delegate.updateByte(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateShort(String a0, short a1) throws SQLException {
    try {
      delegate.updateShort(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateInt(String a0, int a1) throws SQLException {
    try {
      delegate.updateInt(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateLong(String a0, long a1) throws SQLException {
    try {
      delegate.updateLong(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateFloat(String a0, float a1) throws SQLException {
    try {
      delegate.updateFloat(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateDouble(String a0, double a1) throws SQLException {
    try {
      delegate.updateDouble(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateBigDecimal(String a0, java.math.BigDecimal a1) throws SQLException {
    try {
      delegate.updateBigDecimal(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateString(String a0, String a1) throws SQLException {
    try {
      delegate.updateString(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateBytes(String a0, byte[] a1) throws SQLException {
    try {
      delegate.updateBytes(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateDate(String a0, Date a1) throws SQLException {
    try {
      delegate.updateDate(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateTime(String a0, Time a1) throws SQLException {
    try {
      delegate.updateTime(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateTimestamp(String a0, Timestamp a1) throws SQLException {
    try {
      delegate.updateTimestamp(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateAsciiStream(String a0, java.io.InputStream a1, int a2) throws SQLException {
    try {
      delegate.updateAsciiStream(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateBinaryStream(String a0, java.io.InputStream a1, int a2) throws SQLException {
    try {
      delegate.updateBinaryStream(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateCharacterStream(String a0, java.io.Reader a1, int a2) throws SQLException {
    try {
      delegate.updateCharacterStream(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateObject(String a0, Object a1, int a2) throws SQLException {
    try {
      delegate.updateObject(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateObject(String a0, Object a1) throws SQLException {
    try {
      delegate.updateObject(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void insertRow() throws SQLException {
    delegate.insertRow();
  }

  @Override
  public void updateRow() throws SQLException {
    try {
      delegate.updateRow();
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void deleteRow() throws SQLException {
    delegate.deleteRow();
  }

  @Override
  public void refreshRow() throws SQLException {
    delegate.refreshRow();
  }

  @Override
  public void cancelRowUpdates() throws SQLException {
    delegate.cancelRowUpdates();
  }

  @Override
  public void moveToInsertRow() throws SQLException {
    delegate.moveToInsertRow();
  }

  @Override
  public void moveToCurrentRow() throws SQLException {
    delegate.moveToCurrentRow();
  }

  @Override
  public Statement getStatement() throws SQLException {
    try {
      return delegate.getStatement();
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Object getObject(int a0, java.util.Map<String, Class<?>> a1) throws SQLException {
    try {
      return delegate.getObject(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Ref getRef(int a0) throws SQLException {
    try {
      return delegate.getRef(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Blob getBlob(int a0) throws SQLException {
    try {
      return delegate.getBlob(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Clob getClob(int a0) throws SQLException {
    try {
      return delegate.getClob(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Array getArray(int a0) throws SQLException {
    try {
      return delegate.getArray(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Object getObject(String a0, java.util.Map<String, Class<?>> a1) throws SQLException {
    try {
      return delegate.getObject(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Ref getRef(String a0) throws SQLException {
    try {
      return delegate.getRef(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Blob getBlob(String a0) throws SQLException {
    try {
      return delegate.getBlob(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Clob getClob(String a0) throws SQLException {
    try {
      return delegate.getClob(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Array getArray(String a0) throws SQLException {
    try {
      return delegate.getArray(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Date getDate(int a0, java.util.Calendar a1) throws SQLException {
    try {
      return delegate.getDate(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Date getDate(String a0, java.util.Calendar a1) throws SQLException {
    try {
      return delegate.getDate(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Time getTime(int a0, java.util.Calendar a1) throws SQLException {
    try {
      return delegate.getTime(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Time getTime(String a0, java.util.Calendar a1) throws SQLException {
    try {
      return delegate.getTime(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Timestamp getTimestamp(int a0, java.util.Calendar a1) throws SQLException {
    try {
      return delegate.getTimestamp(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public Timestamp getTimestamp(String a0, java.util.Calendar a1) throws SQLException {
    try {
      return delegate.getTimestamp(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public java.net.URL getURL(int a0) throws SQLException {
    try {
      return delegate.getURL(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public java.net.URL getURL(String a0) throws SQLException {
    try {
      return delegate.getURL(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateRef(int a0, Ref a1) throws SQLException {
    try {
      delegate.updateRef(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateRef(String a0, Ref a1) throws SQLException {
    try {
      delegate.updateRef(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateBlob(int a0, Blob a1) throws SQLException {
    try {
      delegate.updateBlob(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateBlob(String a0, Blob a1) throws SQLException {
    try {
      delegate.updateBlob(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateClob(int a0, Clob a1) throws SQLException {
    try {
      delegate.updateClob(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateClob(String a0, Clob a1) throws SQLException {
    try {
      delegate.updateClob(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateArray(int a0, Array a1) throws SQLException {
    try {
      delegate.updateArray(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateArray(String a0, Array a1) throws SQLException {
    try {
      delegate.updateArray(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public RowId getRowId(int a0) throws SQLException {
    try {
      return delegate.getRowId(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public RowId getRowId(String a0) throws SQLException {
    try {
      return delegate.getRowId(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateRowId(int a0, RowId a1) throws SQLException {
    try {
      delegate.updateRowId(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateRowId(String a0, RowId a1) throws SQLException {
    try {
      delegate.updateRowId(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public int getHoldability() throws SQLException {
    try {
      return delegate.getHoldability();
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public boolean isClosed() throws SQLException {
    return delegate.isClosed();
  }

  @Override
  public void updateNString(int a0, String a1) throws SQLException {
    try {
      delegate.updateNString(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateNString(String a0, String a1) throws SQLException {
    try {
      delegate.updateNString(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateNClob(int a0, NClob a1) throws SQLException {
    try {
      delegate.updateNClob(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateNClob(String a0, NClob a1) throws SQLException {
    try {
      delegate.updateNClob(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public NClob getNClob(int a0) throws SQLException {
    try {
      return delegate.getNClob(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public NClob getNClob(String a0) throws SQLException {
    try {
      return delegate.getNClob(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public SQLXML getSQLXML(int a0) throws SQLException {
    try {
      return delegate.getSQLXML(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public SQLXML getSQLXML(String a0) throws SQLException {
    try {
      return delegate.getSQLXML(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateSQLXML(int a0, SQLXML a1) throws SQLException {
    try {
      delegate.updateSQLXML(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateSQLXML(String a0, SQLXML a1) throws SQLException {
    try {
      delegate.updateSQLXML(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public String getNString(int a0) throws SQLException {
    try {
      return delegate.getNString(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public String getNString(String a0) throws SQLException {
    try {
      return delegate.getNString(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public java.io.Reader getNCharacterStream(int a0) throws SQLException {
    try {
      return delegate.getNCharacterStream(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public java.io.Reader getNCharacterStream(String a0) throws SQLException {
    try {
      return delegate.getNCharacterStream(a0);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateNCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
    try {
      delegate.updateNCharacterStream(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateNCharacterStream(String a0, java.io.Reader a1, long a2) throws SQLException {
    try {
      delegate.updateNCharacterStream(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateAsciiStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
    try {
      delegate.updateAsciiStream(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateBinaryStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
    try {
      delegate.updateBinaryStream(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
    try {
      delegate.updateCharacterStream(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateAsciiStream(String a0, java.io.InputStream a1, long a2) throws SQLException {
    try {
      delegate.updateAsciiStream(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateBinaryStream(String a0, java.io.InputStream a1, long a2) throws SQLException {
    try {
      delegate.updateBinaryStream(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateCharacterStream(String a0, java.io.Reader a1, long a2) throws SQLException {
    try {
      delegate.updateCharacterStream(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateBlob(int a0, java.io.InputStream a1, long a2) throws SQLException {
    try {
      delegate.updateBlob(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateBlob(String a0, java.io.InputStream a1, long a2) throws SQLException {
    try {
      delegate.updateBlob(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateClob(int a0, java.io.Reader a1, long a2) throws SQLException {
    try {
      delegate.updateClob(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateClob(String a0, java.io.Reader a1, long a2) throws SQLException {
    try {
      delegate.updateClob(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateNClob(int a0, java.io.Reader a1, long a2) throws SQLException {
    try {
      delegate.updateNClob(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateNClob(String a0, java.io.Reader a1, long a2) throws SQLException {
    try {
      delegate.updateNClob(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateNCharacterStream(int a0, java.io.Reader a1) throws SQLException {
    try {
      delegate.updateNCharacterStream(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateNCharacterStream(String a0, java.io.Reader a1) throws SQLException {
    try {
      delegate.updateNCharacterStream(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateAsciiStream(int a0, java.io.InputStream a1) throws SQLException {
    try {
      delegate.updateAsciiStream(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateBinaryStream(int a0, java.io.InputStream a1) throws SQLException {
    try {
      delegate.updateBinaryStream(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateCharacterStream(int a0, java.io.Reader a1) throws SQLException {
    try {
      delegate.updateCharacterStream(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateAsciiStream(String a0, java.io.InputStream a1) throws SQLException {
    try {
      delegate.updateAsciiStream(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateBinaryStream(String a0, java.io.InputStream a1) throws SQLException {
    try {
      delegate.updateBinaryStream(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateCharacterStream(String a0, java.io.Reader a1) throws SQLException {
    try {
      delegate.updateCharacterStream(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateBlob(int a0, java.io.InputStream a1) throws SQLException {
    try {
      delegate.updateBlob(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateBlob(String a0, java.io.InputStream a1) throws SQLException {
    try {
      delegate.updateBlob(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateClob(int a0, java.io.Reader a1) throws SQLException {
    try {
      delegate.updateClob(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateClob(String a0, java.io.Reader a1) throws SQLException {
    try {
      delegate.updateClob(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateNClob(int a0, java.io.Reader a1) throws SQLException {
    try {
      delegate.updateNClob(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateNClob(String a0, java.io.Reader a1) throws SQLException {
    try {
      delegate.updateNClob(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public <T> T getObject(int a0, Class<T> a1) throws SQLException {
    try {
      return delegate.getObject(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public <T> T getObject(String a0, Class<T> a1) throws SQLException {
    try {
      return delegate.getObject(a0, a1);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateObject(int a0, Object a1, SQLType a2, int a3) throws SQLException {
    try {
      delegate.updateObject(a0, a1, a2, a3);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateObject(String a0, Object a1, SQLType a2, int a3) throws SQLException {
    try {
      delegate.updateObject(a0, a1, a2, a3);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateObject(int a0, Object a1, SQLType a2) throws SQLException {
    try {
      delegate.updateObject(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }

  @Override
  public void updateObject(String a0, Object a1, SQLType a2) throws SQLException {
    try {
      delegate.updateObject(a0, a1, a2);
    } catch (RuntimeException e) {
      throw conversion(e);
    }
  }
}
