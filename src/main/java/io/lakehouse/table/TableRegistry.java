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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The opened tables of one catalog: configured tables by entry, and table-function locations (only inside the
 * catalog's scan roots). Opening is cheap and done once per table.
 */
public final class TableRegistry {
  private final CatalogConfig catalog;
  private final ObjectStore store;
  private final Map<String, LakehouseTable> open = new ConcurrentHashMap<>();

  public TableRegistry(CatalogConfig catalog, ObjectStore store) {
    this.catalog = catalog;
    this.store = store;
  }

  public CatalogConfig catalog() {
    return catalog;
  }

  public ObjectStore store() {
    return store;
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

  private LakehouseTable open(String key, TableFormat format, String location) throws SQLException {
    LakehouseTable t = open.get(key);
    if (t == null) {
      t = format.open(key, location, store);
      LakehouseTable raced = open.putIfAbsent(key, t);
      if (raced != null) {
        t = raced;
      }
    }
    return t;
  }
}
