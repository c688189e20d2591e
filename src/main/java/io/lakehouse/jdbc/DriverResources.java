package io.lakehouse.jdbc;

import io.lakehouse.engine.EnginePool;
import io.lakehouse.table.TableCaches;

/**
 * What the connections of one driver object (or data source) share, as trino-jdbc's driver shares its HTTP client:
 * the embedded DuckDB databases ({@link EnginePool}: one per principal and identical engine settings, kept 30 s
 * after its last connection closes) and the parsed table metadata ({@link TableCaches}: one per catalog scope, that
 * is catalog, organisation and storage credentials; the 8 most recently used idle scopes are kept). Owned by {@link NonRegisteringLakehouseDriver} and
 * {@link LakehouseDataSource}; connections made without either use {@link #jvmDefault()}.
 */
final class DriverResources implements AutoCloseable {
  private static final class Default {
    static final DriverResources INSTANCE = new DriverResources();
  }

  private final EnginePool engines = new EnginePool();
  private final TableCaches tables = new TableCaches(8);

  /** The resources of connections constructed directly (tests, tools). */
  static DriverResources jvmDefault() {
    return Default.INSTANCE;
  }

  EnginePool engines() {
    return engines;
  }

  TableCaches tables() {
    return tables;
  }

  /** Closes every database; connections still open fail their next statement with 08003. */
  @Override
  public void close() {
    engines.close();
    tables.closeIdle();
  }
}
