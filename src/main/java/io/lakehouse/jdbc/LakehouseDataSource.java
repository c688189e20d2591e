package io.lakehouse.jdbc;

import io.lakehouse.SqlState;
import io.lakehouse.config.ConnectionProperties;
import io.lakehouse.config.LakehouseUrl;
import io.lakehouse.security.PrincipalResolver;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for application servers, Spring and pools. Bean properties mirror the connection
 * properties of {@link ConnectionProperties}; {@link #setUrl} takes a full {@code jdbc:lakehouse:} URL instead.
 * Every setter takes a {@code String}, {@code int} or {@code boolean}, so String-typed configuration (HikariCP's
 * {@code dataSourceProperties}, Spring Boot's {@code spring.datasource.hikari.data-source-properties.*}) can set
 * each of them; values are checked when a connection is made, like URL parameters.
 *
 * <pre>{@code
 * LakehouseDataSource ds = new LakehouseDataSource();
 * ds.setCatalog("/data/catalog.yaml");
 * try (Connection c = ds.getConnection()) { ... }
 * }</pre>
 */
public class LakehouseDataSource implements DataSource {
  private final Properties properties = new Properties();
  private String url = LakehouseUrl.PREFIX;
  private int loginTimeout;
  private PrintWriter logWriter;
  private PrincipalResolver principalResolver;
  /** Shared by this data source's connections (engine databases); see {@link DriverResources}. */
  private final DriverResources shared = new DriverResources();

  public String getUrl() {
    return url;
  }

  /** A full URL such as {@code jdbc:lakehouse:/data/catalog.yaml?threads=4}. */
  public void setUrl(String url) {
    this.url = url;
  }

  public String getCatalog() {
    return properties.getProperty(ConnectionProperties.CATALOG.name());
  }

  /** Catalog file or lakehouse directory. */
  public void setCatalog(String catalog) {
    set(ConnectionProperties.CATALOG.name(), catalog);
  }

  public String getUser() {
    return properties.getProperty(ConnectionProperties.USER.name());
  }

  public void setUser(String user) {
    set(ConnectionProperties.USER.name(), user);
  }

  public void setPassword(String password) {
    set(ConnectionProperties.PASSWORD.name(), password);
  }

  /** The {@code threads} property, or 0 when it is not set (the catalog's or DuckDB's default). */
  public int getThreads() {
    String v = properties.getProperty(ConnectionProperties.THREADS.name());
    return v == null ? 0 : Integer.parseInt(v);
  }

  /**
   * DuckDB worker threads; 0 (or less) unsets it. A primitive {@code int}, so that String-typed configuration can
   * set it: HikariCP's {@code addDataSourceProperty("threads", "4")}, Spring Boot's
   * {@code spring.datasource.hikari.data-source-properties.threads=4}.
   */
  public void setThreads(int threads) {
    set(ConnectionProperties.THREADS.name(), threads <= 0 ? null : Integer.toString(threads));
  }

  public String getMemoryLimit() {
    return properties.getProperty(ConnectionProperties.MEMORY_LIMIT.name());
  }

  public void setMemoryLimit(String memoryLimit) {
    set(ConnectionProperties.MEMORY_LIMIT.name(), memoryLimit);
  }

  public String getTempDirectory() {
    return properties.getProperty(ConnectionProperties.TEMP_DIRECTORY.name());
  }

  public void setTempDirectory(String tempDirectory) {
    set(ConnectionProperties.TEMP_DIRECTORY.name(), tempDirectory);
  }

  public String getTimeZone() {
    return properties.getProperty(ConnectionProperties.TIME_ZONE.name());
  }

  public void setTimeZone(String timeZone) {
    set(ConnectionProperties.TIME_ZONE.name(), timeZone);
  }

  /** Whether connections use the catalog's result cache (default true). */
  public boolean isResultCache() {
    return !"false".equalsIgnoreCase(properties.getProperty(ConnectionProperties.RESULT_CACHE.name()));
  }

  public void setResultCache(boolean resultCache) {
    set(ConnectionProperties.RESULT_CACHE.name(), String.valueOf(resultCache));
  }

  public String getMetadataMaxStaleness() {
    return properties.getProperty(ConnectionProperties.METADATA_MAX_STALENESS.name());
  }

  /** {@code metadata_max_staleness}, e.g. {@code 30s}: see {@link ConnectionProperties#METADATA_MAX_STALENESS}. */
  public void setMetadataMaxStaleness(String duration) {
    set(ConnectionProperties.METADATA_MAX_STALENESS.name(), duration);
  }

  public PrincipalResolver getPrincipalResolver() {
    return principalResolver;
  }

  /**
   * Lets the application choose each new connection's principal (e.g. the tenant of the current request) in a
   * catalog with an access section; {@code user} and {@code password} are then not used to authenticate.
   */
  public void setPrincipalResolver(PrincipalResolver principalResolver) {
    this.principalResolver = principalResolver;
  }

  private void set(String name, String value) {
    if (value == null) {
      properties.remove(name);
    } else {
      properties.setProperty(name, value);
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connect(properties);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    Properties p = new Properties();
    p.putAll(properties);
    if (username != null) {
      p.setProperty(ConnectionProperties.USER.name(), username);
    }
    if (password != null) {
      p.setProperty(ConnectionProperties.PASSWORD.name(), password);
    }
    return connect(p);
  }

  private Connection connect(Properties p) throws SQLException {
    return new LakehouseConnection(url, LakehouseUrl.parse(url, p), principalResolver, shared);
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("java.util.logging is not used", SqlState.NOT_SUPPORTED.code());
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
