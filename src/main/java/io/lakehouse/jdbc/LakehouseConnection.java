package io.lakehouse.jdbc;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.Redaction;
import io.lakehouse.SqlState;
import io.lakehouse.config.CatalogConfig;
import io.lakehouse.config.CatalogLoader;
import io.lakehouse.config.ConnectionConfig;
import io.lakehouse.config.ConnectionProperties;
import io.lakehouse.config.EngineLimits;
import io.lakehouse.config.LakehouseUrl;
import io.lakehouse.config.Secrets;
import io.lakehouse.config.TableEntry;
import io.lakehouse.engine.DuckDbEngine;
import io.lakehouse.engine.EngineSettings;
import io.lakehouse.security.AccessScope;
import io.lakehouse.security.AuditLog;
import io.lakehouse.security.PrincipalResolver;
import io.lakehouse.cache.ResultCache;
import io.lakehouse.cache.ResultCacheStats;
import io.lakehouse.cache.ResultCaches;
import io.lakehouse.sql.QueryPipeline;
import io.lakehouse.sql.SnapshotPins;
import io.lakehouse.storage.StorageRouter;
import io.lakehouse.table.TableCaches;
import io.lakehouse.table.TableRegistry;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * A connection: one catalog, one sandboxed embedded DuckDB, read-only. With {@code autoCommit=false} the
 * connection is a snapshot-isolated transaction: every statement sees the table snapshots pinned by the first
 * read, until {@link #commit()} or {@link #rollback()}.
 */
public final class LakehouseConnection implements Connection {
  private final String url;
  private final Properties properties;
  private final CatalogConfig catalog;
  private final AccessScope access;
  private final TableRegistry registry;
  private final DuckDbEngine engine;
  private final StorageRouter storage;
  private final TableCaches.Lease tables;
  private final QueryPipeline pipeline;
  private final int maxQuerySeconds;
  private volatile ZoneId zone;
  private final SnapshotPins pins = new SnapshotPins();
  private final AuditLog audit;
  private final Set<LakehouseStatement> statements = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private boolean autoCommit = true;
  private SQLWarning warnings;
  private Properties clientInfo = new Properties();

  LakehouseConnection(String url, Properties properties) throws SQLException {
    this(url, properties, null);
  }

  /**
   * @param resolver the application's choice of principal (see {@link PrincipalResolver}), or null to authenticate
   *     the {@code user} and {@code password} properties
   */
  LakehouseConnection(String url, Properties properties, PrincipalResolver resolver) throws SQLException {
    this(url, properties, resolver, DriverResources.jvmDefault());
  }

  /**
   * @param shared what this connection shares with the other connections of its driver (the engine databases)
   */
  LakehouseConnection(String url, Properties properties, PrincipalResolver resolver, DriverResources shared)
      throws SQLException {
    this.url = LakehouseUrl.redact(url);
    this.properties = properties;
    // The password must never appear in a message or an audit record, whatever text it turns up in.
    Redaction.register(ConnectionProperties.PASSWORD.get(properties).orElse(null));
    ConnectionConfig config = ConnectionConfig.parse(properties);
    // Everything below sees only what the principal's organisation owns.
    CatalogConfig loaded = CatalogLoader.load(config.catalog());
    String user = config.user();
    try {
      this.access = AccessScope.open(loaded, user, config.password(), resolver);
    } catch (SQLException e) {
      AuditLog.connectionRefused(loaded.audit(), user, e);
      throw e;
    }
    this.catalog = access.catalog();
    this.tables = shared.tables().acquire(this, catalog, access.organization());
    this.storage = tables.storage();
    this.registry = new TableRegistry(catalog, tables.tables(), config.metadataMaxStaleness());
    try {
      QueryPipeline.checkRowFilters(registry, access);
    } catch (SQLException e) {
      throw new LakehouseSqlException(e.getMessage(), SqlState.CONNECTION_FAILED, e);
    }
    // Default: the JVM's zone, so java.sql.Timestamp values (local clock times) mean the same on both sides.
    this.zone = config.timeZone();
    // The catalog's engine section sets ceilings the connection properties may only lower.
    if (access.enforced() && catalog.engine().tempDirectory() == null && config.tempDirectory() != null) {
      // In a multi-user catalog the person choosing URL parameters must not choose where DuckDB writes.
      throw new LakehouseSqlException("temp_directory cannot be set by a connection of a catalog with an access "
          + "section; the administrator sets engine.temp_directory", SqlState.ACCESS_DENIED);
    }
    EngineLimits.Resolved limits = catalog.engine().resolve(config);
    this.maxQuerySeconds = limits.maxQuerySeconds();
    // Spill files go to a private folder per DuckDB database inside this directory.
    Path tempBase = limits.tempDirectory() != null ? limits.tempDirectory()
        : Path.of(System.getProperty("java.io.tmpdir"));
    List<Path> roots = new ArrayList<>(catalog.localRoots());
    roots.addAll(storage.localDirectories());
    // Shared with this principal's other connections of the same settings (EnginePool), never across principals.
    this.engine = shared.engines().open(engineOwner(access), new EngineSettings(roots, tempBase, limits.threads(),
        limits.memoryLimit() == null ? null : limits.memoryLimit().text(), zone.getId()));
    this.pipeline = new QueryPipeline(registry, engine, zone, access);
    if (config.resultCache()) {
      try {
        pipeline.useResultCache(ResultCaches.forCatalog(loaded.source(), catalog.resultCache()));
      } catch (SQLException e) {
        engine.close();
        tables.close();
        throw e;
      }
    }
    if (access.readableTables().isEmpty()) {
      // Connecting succeeds (tables may appear later, table functions may still work), but an empty tree in a
      // tool is confusing without a word: most often the URL names the wrong directory.
      warnings = new SQLWarning("No tables found in catalog " + catalog.source() + (java.nio.file.Files.isDirectory(
          Path.of(catalog.source())) ? " (a directory is searched for Delta tables, which have a _delta_log folder, "
          + "and Iceberg tables, which have a metadata folder)" : access.enforced() ? " that " + access.principal()
          + " may read" : ""), SqlState.WARNING.code());
    }
    try {
      this.audit = AuditLog.open(catalog.audit(), access.principal(), access.organization());
      audit.connected();
    } catch (SQLException e) {
      engine.close();
      tables.close();
      throw e;
    }
  }

  /** Who a connection's engine database belongs to: its principal in its organisation. */
  private static String engineOwner(AccessScope access) {
    return (access.organization() == null ? "" : access.organization()) + "\u0000"
        + (access.principal() == null ? "" : access.principal());
  }

  AuditLog audit() {
    return audit;
  }

  /**
   * Audit records lost so far on this connection's audit sink (JVM-wide: the sink is shared): dropped because the
   * writer's queue was full, or not written because the sink failed. Each loss is also reported in the next record
   * written ({@code dropped_before}).
   */
  public long auditRecordsLost() {
    return audit.recordsLost();
  }

  /**
   * Counters of the result cache this connection uses (shared by the catalog's connections in this JVM: hits,
   * misses, bypasses, bytes), or null when the connection uses none ({@code result_cache=false},
   * {@code cache.results.type: none}).
   */
  public ResultCacheStats resultCacheStats() {
    ResultCache cache = pipeline.resultCache();
    return cache == null ? null : cache.stats();
  }

  DuckDbEngine engine() {
    return engine;
  }

  /** The catalog's engine.max_query_seconds, or 0 for no cap. */
  int maxQuerySeconds() {
    return maxQuerySeconds;
  }

  QueryPipeline pipeline() {
    return pipeline;
  }

  SnapshotPins pins() {
    return pins;
  }

  ZoneId zone() {
    return zone;
  }

  /**
   * {@code SET TimeZone = '...'}: the connection's session zone from now on, for DuckDB (which shows TIMESTAMP WITH
   * TIME ZONE values and reads zone-less timestamps in it) and for the driver. DuckDB's settings are locked, so the
   * connection moves to the database for its settings with the new zone (shared with the principal's connections in
   * that zone); the other connections keep theirs. Nothing lives in a database between statements.
   */
  synchronized void setTimeZone(ZoneId newZone) throws SQLException {
    checkOpen();
    engine.restart(engine.settings().withTimeZone(newZone.getId()));
    pipeline.setZone(newZone);
    zone = newZone;
  }

  TableRegistry registry() {
    return registry;
  }

  String url() {
    return url;
  }

  /** Who this connection runs as, and in which organisation. */
  AccessScope access() {
    return access;
  }

  /** The tables this connection's principal may read, by schema and name. */
  List<TableEntry> tables() {
    return access.readableTables();
  }

  void checkOpen() throws SQLException {
    if (closed) {
      throw new LakehouseSqlException("Connection is closed", SqlState.CONNECTION_CLOSED);
    }
  }

  void forget(LakehouseStatement statement) {
    statements.remove(statement);
  }

  @Override
  public Statement createStatement() throws SQLException {
    checkOpen();
    LakehouseStatement s = new LakehouseStatement(this);
    statements.add(s);
    return s;
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    checkOpen();
    LakehousePreparedStatement s = new LakehousePreparedStatement(this, sql);
    statements.add(s);
    return s;
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    throw notSupported("Stored procedures");
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    checkOpen();
    return QueryPipeline.nativeSql(sql);
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    checkOpen();
    this.autoCommit = autoCommit;
    pins.setEnabled(!autoCommit);
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    checkOpen();
    return autoCommit;
  }

  @Override
  public void commit() throws SQLException {
    checkOpen();
    pins.release();
  }

  @Override
  public void rollback() throws SQLException {
    checkOpen();
    pins.release();
  }

  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    for (LakehouseStatement s : List.copyOf(statements)) {
      try {
        s.close();
      } catch (SQLException ignored) {
        // closing the engine below releases everything anyway
      }
    }
    try {
      engine.close();
    } finally {
      audit.close();
      tables.close();
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    checkOpen();
    return new LakehouseDatabaseMetaData(this);
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    checkOpen();
    // A hint by the JDBC contract; the connection is read-only either way.
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    checkOpen();
    return true;
  }

  /**
   * A connection has one catalog: its own name (as {@code getCatalogs} returns it, any case), null and "" are
   * accepted and change nothing; another name fails with 3D000.
   */
  @Override
  public void setCatalog(String name) throws SQLException {
    checkOpen();
    if (name != null && !name.isEmpty() && !name.equalsIgnoreCase(catalog.name())) {
      throw new LakehouseSqlException("Catalog '" + name + "' not found; this connection's catalog is '"
          + catalog.name() + "'", SqlState.INVALID_CATALOG);
    }
  }

  @Override
  public String getCatalog() throws SQLException {
    checkOpen();
    return catalog.name();
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    checkOpen();
    if (level != TRANSACTION_REPEATABLE_READ && level != TRANSACTION_SERIALIZABLE
        && level != TRANSACTION_READ_COMMITTED) {
      throw notSupported("Transaction isolation level " + level);
    }
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    checkOpen();
    return TRANSACTION_REPEATABLE_READ;
  }

  /** A warning when the connection sees no tables at all (the URL most likely names the wrong directory). */
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

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
    checkResultSetOptions(resultSetType, resultSetConcurrency);
    return createStatement();
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    checkResultSetOptions(resultSetType, resultSetConcurrency);
    return prepareStatement(sql);
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    throw notSupported("Stored procedures");
  }

  private static void checkResultSetOptions(int type, int concurrency) throws SQLException {
    if (type != ResultSet.TYPE_FORWARD_ONLY) {
      throw notSupported("Scrollable result sets");
    }
    if (concurrency != ResultSet.CONCUR_READ_ONLY) {
      throw notSupported("Updatable result sets");
    }
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    checkOpen();
    return Map.of();
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    throw notSupported("Type maps");
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    checkOpen();
  }

  @Override
  public int getHoldability() throws SQLException {
    checkOpen();
    return ResultSet.CLOSE_CURSORS_AT_COMMIT;
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    throw notSupported("Savepoints");
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    throw notSupported("Savepoints");
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    throw notSupported("Savepoints");
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    throw notSupported("Savepoints");
  }

  @Override
  public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
    return createStatement(type, concurrency);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability)
      throws SQLException {
    return prepareStatement(sql, type, concurrency);
  }

  @Override
  public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability)
      throws SQLException {
    throw notSupported("Stored procedures");
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    if (autoGeneratedKeys != Statement.NO_GENERATED_KEYS) {
      throw notSupported("Generated keys");
    }
    return prepareStatement(sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    throw notSupported("Generated keys");
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    throw notSupported("Generated keys");
  }

  @Override
  public Clob createClob() throws SQLException {
    throw notSupported("Clob");
  }

  @Override
  public Blob createBlob() throws SQLException {
    throw notSupported("Blob");
  }

  @Override
  public NClob createNClob() throws SQLException {
    throw notSupported("NClob");
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    throw notSupported("SQLXML");
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    if (timeout < 0) {
      throw new LakehouseSqlException("Timeout must not be negative", SqlState.GENERAL);
    }
    // Truthful: the engine answers a trivial query now (after a fatal engine error it first starts afresh).
    return !closed && engine.check(timeout);
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    clientInfo.setProperty(name, value == null ? "" : value);
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    clientInfo = new Properties();
    clientInfo.putAll(properties);
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    checkOpen();
    return clientInfo.getProperty(name);
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    checkOpen();
    Properties copy = new Properties();
    copy.putAll(clientInfo);
    return copy;
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    throw notSupported("Array parameters");
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    throw notSupported("Struct parameters");
  }

  /**
   * Where one-part table names resolve from now on (statements prepared before keep their tables), as
   * {@code USE schema}.
   *
   * @throws SQLException 3F000 for a schema the principal does not see
   */
  @Override
  public void setSchema(String schema) throws SQLException {
    checkOpen();
    pipeline.names().setSchema(schema);
  }

  @Override
  public String getSchema() throws SQLException {
    checkOpen();
    return pipeline.names().schema();
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    if (executor == null) {
      throw new LakehouseSqlException("Executor must not be null", SqlState.GENERAL);
    }
    executor.execute(() -> {
      try {
        close();
      } catch (SQLException ignored) {
        // abort is best effort by contract
      }
    });
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    checkOpen();
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    checkOpen();
    return 0;
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

  static SQLFeatureNotSupportedException notSupported(String what) {
    return new SQLFeatureNotSupportedException(what + " are not supported by lakehouse-jdbc",
        SqlState.NOT_SUPPORTED.code());
  }
}
