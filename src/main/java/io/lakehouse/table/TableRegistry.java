package io.lakehouse.table;

import io.lakehouse.SqlState;
import io.lakehouse.LakehouseSqlException;
import io.lakehouse.config.CatalogConfig;
import io.lakehouse.config.Locations;
import io.lakehouse.config.TableEntry;
import io.lakehouse.storage.LocalObjectStore;
import io.lakehouse.storage.ObjectStore;
import io.lakehouse.table.delta.DeltaFormat;
import io.lakehouse.table.iceberg.IcebergFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The opened tables of one catalog: configured tables by entry, and {@code delta_scan} / {@code iceberg_scan}
 * locations (only inside the catalog's scan roots). Opening is cheap and done once per table.
 */
public final class TableRegistry {
  private static final Map<String, TableFormat> FORMATS =
      Map.of("delta", new DeltaFormat(), "iceberg", new IcebergFormat());

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
    return open(display, entry.format(), entry.location());
  }

  /**
   * A table named by location in a table function. The location must resolve (symlinks and {@code ..} included)
   * inside one of the catalog's scan roots, so SQL cannot reach other directories.
   */
  public LakehouseTable tableAt(String format, String location, int line, int column) throws SQLException {
    return openLocation(format, resolveLocation(format, location, line, column));
  }

  /**
   * Where a table-function location really is: a local path made absolute with symlinks and {@code ..} resolved,
   * or the object-store URI without a trailing slash. Refused (one message for "outside" and "missing") unless it
   * lies inside the catalog's scan roots.
   */
  public String resolveLocation(String format, String location, int line, int column) throws SQLException {
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
      throw new LakehouseSqlException("Invalid table location '" + location + "'", SqlState.ACCESS_DENIED, line, column, null);
    }
    Path real;
    try {
      real = Files.exists(path) ? path.toRealPath() : path;
    } catch (java.io.IOException e) {
      real = path;
    }
    boolean inside = catalog.isInsideScanRoots(path.toString()) && catalog.isInsideScanRoots(real.toString());
    // A table root, or for Iceberg also one metadata file of a table (pinned to that version of the metadata).
    boolean table = Files.isDirectory(real) || (format.equals("iceberg") && Files.isRegularFile(real)
        && IcebergFormat.isMetadataFile(real.getFileName().toString()));
    if (!inside || !table) {
      throw notFound(format, location, line, column);
    }
    return real.toString();
  }

  /** Opens a location returned by {@link #resolveLocation}. */
  public LakehouseTable openLocation(String format, String resolved) throws SQLException {
    return open(format + ":" + resolved, format, resolved);
  }

  /** One message for "outside" and "missing", so the function is no probe of the file system. */
  private static SQLException notFound(String format, String location, int line, int column) {
    return new LakehouseSqlException("No " + format + " table at '" + location + "' inside the catalog's "
        + "locations", SqlState.ACCESS_DENIED, line, column, null);
  }

  private LakehouseTable open(String key, String format, String location) throws SQLException {
    LakehouseTable t = open.get(key);
    if (t == null) {
      TableFormat f = FORMATS.get(format);
      if (f == null) {
        throw new LakehouseSqlException("Unknown table format '" + format + "'", SqlState.NOT_SUPPORTED);
      }
      t = f.open(key, location, store);
      LakehouseTable raced = open.putIfAbsent(key, t);
      if (raced != null) {
        t = raced;
      }
    }
    return t;
  }
}
