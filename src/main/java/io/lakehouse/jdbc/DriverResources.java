package io.lakehouse.jdbc;

import io.lakehouse.engine.EnginePool;

/**
 * What the connections of one driver object (or data source) share, as trino-jdbc's driver shares its HTTP client:
 * the embedded DuckDB databases ({@link EnginePool}: one per principal and identical engine settings, kept 30 s
 * after its last connection closes). Owned by {@link NonRegisteringLakehouseDriver} and
 * {@link LakehouseDataSource}; connections made without either use {@link #jvmDefault()}.
 */
final class DriverResources implements AutoCloseable {
  private static final class Default {
    static final DriverResources INSTANCE = new DriverResources();
  }

  private final EnginePool engines = new EnginePool();

  /** The resources of connections constructed directly (tests, tools). */
  static DriverResources jvmDefault() {
    return Default.INSTANCE;
  }

  EnginePool engines() {
    return engines;
  }

  /** Closes every database; connections still open fail their next statement with 08003. */
  @Override
  public void close() {
    engines.close();
  }
}
