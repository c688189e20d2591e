package io.lakehouse.table;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.config.CatalogConfig;
import io.lakehouse.config.Locations;
import io.lakehouse.config.TableEntry;
import io.lakehouse.storage.LocalObjectStore;
import io.lakehouse.storage.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;

/**
 * One connection's view of its catalog's tables: configured tables by entry, and table-function locations (only
 * inside the catalog's scan roots). The tables themselves, with their parsed metadata and plans, live in a
 * {@link CatalogTables} that the connections of one catalog scope share (see {@link TableCaches}).
 */
public final class TableRegistry {
  private final CatalogConfig catalog;
  private final CatalogTables tables;
  private final Duration maxStaleness;

  /** A registry with tables of its own (nothing shared), always checking freshness. */
  public TableRegistry(CatalogConfig catalog, ObjectStore store) {
    this(catalog, new CatalogTables(store), Duration.ZERO);
  }

  /**
   * @param tables the tables shared by the connections of this catalog scope
   * @param maxStaleness how old a freshness check of a table's latest snapshot may be before a query checks again
   *     (the connection's {@code metadata_max_staleness}); zero checks on every query
   */
  public TableRegistry(CatalogConfig catalog, CatalogTables tables, Duration maxStaleness) {
    this.catalog = catalog;
    this.tables = tables;
    this.maxStaleness = maxStaleness;
  }

  /** Metadata requests of the shared tables so far (all connections of the scope). */
  public TableStats stats() {
    return tables.stats();
  }

  public CatalogConfig catalog() {
    return catalog;
  }

  public ObjectStore store() {
    return tables.store();
  }

  public LakehouseTable table(TableEntry entry) throws SQLException {
    String display = entry.schema().equals(CatalogConfig.DEFAULT_SCHEMA) ? entry.name() : entry.qualifiedName();
    return open(display, TableFormats.named(entry.format()), entry.location());
  }

  /**
   * A table named by location in a table function. The location must resolve (symlinks and {@code ..} included)
   * inside one of the catalog's scan roots, so SQL cannot reach other directories.
   */
  public LakehouseTable tableAt(TableFormat format, String location, int line, int column) throws SQLException {
    return openLocation(format, resolveLocation(format, location, line, column));
  }

  /**
   * Where a table-function location really is: a local path made absolute with symlinks and {@code ..} resolved,
   * or the object-store URI without a trailing slash. Refused (one message for "outside" and "missing") unless it
   * lies inside the catalog's scan roots.
   */
  public String resolveLocation(TableFormat format, String location, int line, int column) throws SQLException {
    if (!Locations.isLocal(location) && !location.startsWith("file:")) {
      String trimmed = Locations.trimSlash(location);
      if (Locations.REMOTE_SCHEMES.contains(Locations.scheme(location)) && catalog.isInsideScanRoots(trimmed)) {
        return trimmed;
      }
      throw notFound(format, location, line, column);
    }
    Path path;
    try {
      path = LocalObjectStore.toPath(location).toAbsolutePath().normalize();
    } catch (RuntimeException e) {
      throw new LakehouseSqlException("Invalid table location '" + location + "'", SqlState.ACCESS_DENIED, line,
          column, null);
    }
    Path real;
    try {
      real = Files.exists(path) ? path.toRealPath() : path;
    } catch (java.io.IOException e) {
      real = path;
    }
    boolean inside = catalog.isInsideScanRoots(path.toString()) && catalog.isInsideScanRoots(real.toString());
    // A table root, or a file that stands for a table (an Iceberg metadata file: that version of the metadata).
    boolean table = Files.isDirectory(real) || format.isTableFile(real);
    if (!inside || !table) {
      throw notFound(format, location, line, column);
    }
    return real.toString();
  }

  /** Opens a location returned by {@link #resolveLocation}. */
  public LakehouseTable openLocation(TableFormat format, String resolved) throws SQLException {
    return open(format.name() + ":" + resolved, format, resolved);
  }

  /** One message for "outside" and "missing", so the function is no probe of the file system. */
  private static SQLException notFound(TableFormat format, String location, int line, int column) {
    return new LakehouseSqlException("No " + format.name() + " table at '" + location + "' inside the catalog's "
        + "locations", SqlState.ACCESS_DENIED, line, column, null);
  }

  private LakehouseTable open(String displayName, TableFormat format, String location) throws SQLException {
    LakehouseTable shared = tables.open(displayName, format, location);
    return maxStaleness.isZero() ? shared : new Tolerant(shared, maxStaleness);
  }

  /**
   * A shared table read with this connection's staleness bound. A record: equal views are equal, so a
   * transaction's snapshot pins (keyed by table) hold across statements.
   */
  private record Tolerant(LakehouseTable table, Duration maxStaleness) implements LakehouseTable {
    @Override
    public TableSnapshot snapshot(TimeTravel at, Duration ignored) throws SQLException {
      return table.snapshot(at, maxStaleness);
    }
  }
}
