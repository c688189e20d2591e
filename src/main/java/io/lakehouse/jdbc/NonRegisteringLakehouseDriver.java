package io.lakehouse.jdbc;

import io.lakehouse.SqlState;
import io.lakehouse.config.ConnectionProperties;
import io.lakehouse.config.LakehouseUrl;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The driver without registering itself with {@link java.sql.DriverManager}: for applications and pools that
 * instantiate drivers directly. {@link LakehouseDriver} is the registering one.
 */
public class NonRegisteringLakehouseDriver implements Driver {
  public static final int MAJOR_VERSION = 0;
  public static final int MINOR_VERSION = 1;
  /** Shared by this driver's connections (engine databases, parsed table metadata); see {@link DriverResources}. */
  private final DriverResources shared = new DriverResources();

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    return new LakehouseConnection(url, LakehouseUrl.parse(url, info), null, shared);
  }

  /** What this driver's connections share (tests, diagnostics). */
  DriverResources shared() {
    return shared;
  }

  @Override
  public boolean acceptsURL(String url) {
    return LakehouseUrl.accepts(url);
  }

  /** Lists every connection property with its description. Never connects and never opens the catalog. */
  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    Properties given = new Properties();
    if (info != null) {
      given.putAll(info);
    }
    try {
      given = LakehouseUrl.parse(url, info);
    } catch (SQLException ignored) {
      // An incomplete URL is normal while a user is still typing it in a dialog.
    }
    return ConnectionProperties.propertyInfo(given);
  }

  @Override
  public int getMajorVersion() {
    return MAJOR_VERSION;
  }

  @Override
  public int getMinorVersion() {
    return MINOR_VERSION;
  }

  /** Not fully JDBC compliant: read-only, no stored procedures, no updatable results. */
  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("java.util.logging is not used", SqlState.NOT_SUPPORTED.code());
  }
}
