package io.lakehouse.table;

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
import java.util.List;
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
  /** The scan roots in {@link ObjectStore#canonical} form, computed on first use. */
  private volatile List<String> canonicalRoots;

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
      throw new LakehouseSqlException("Invalid table location '" + location + "'", "42501", line, column, null);
    }
    Path real;
    try {
      real = Files.exists(path) ? path.toRealPath() : path;
    } catch (java.io.IOException e) {
      real = path;
    }
    boolean inside = catalog.isInsideScanRoots(path.toString()) && catalog.isInsideScanRoots(real.toString());
    if (!inside || !Files.isDirectory(real)) {
      throw notFound(format, location, line, column);
    }
    return real.toString();
  }

  /** Opens a location returned by {@link #resolveLocation}. */
  public LakehouseTable openLocation(String format, String resolved) throws SQLException {
    return open(format + ":" + resolved, format, resolved);
  }

  /**
   * Refuses a plan that names a data or delete file outside the catalog's locations (its tables' roots and scan
   * roots). Table metadata is data written by someone else: it may not send the driver to another table's,
   * tenant's or bucket's files with the catalog's credentials. For local files DuckDB's sandbox holds the same line;
   * object stores are read by the driver itself, so this is where it holds for them.
   */
  public void checkInsideRoots(ScanPlan plan, String table) throws SQLException {
    List<String> roots = canonicalRoots;
    if (roots == null) {
      roots = catalog.scanRoots().stream().map(store::canonical).toList();
      canonicalRoots = roots;
    }
    for (ScanFile f : plan.files()) {
      checkInside(f.location(), roots, table);
      for (ScanFile.PositionDeleteFile d : f.positionDeletes()) {
        checkInside(d.location(), roots, table);
      }
      for (ScanFile.EqualityDeleteFile d : f.equalityDeletes()) {
        checkInside(d.location(), roots, table);
      }
    }
  }

  private void checkInside(String location, List<String> roots, String table) throws SQLException {
    boolean remote = !Locations.isLocal(location) && !location.startsWith("file:");
    if (!(remote && Locations.hasDotSegments(location))) {
      String c = store.canonical(location);
      for (String root : roots) {
        if (c.equals(root) || c.startsWith(root.endsWith("/") ? root : root + "/")) {
          return;
        }
      }
    }
    throw new LakehouseSqlException("Table '" + table + "' names a file outside the catalog's locations (" + location
        + "); it is not read. If that location belongs to the table, add it to the catalog's scan_roots",
        LakehouseSqlException.ACCESS_DENIED);
  }

  /** One message for "outside" and "missing", so the function is no probe of the file system. */
  private static SQLException notFound(String format, String location, int line, int column) {
    return new LakehouseSqlException("No " + format + " table at '" + location + "' inside the catalog's "
        + "locations", "42501", line, column, null);
  }

  private LakehouseTable open(String key, String format, String location) throws SQLException {
    LakehouseTable t = open.get(key);
    if (t == null) {
      TableFormat f = FORMATS.get(format);
      if (f == null) {
        throw new LakehouseSqlException("Unknown table format '" + format + "'", LakehouseSqlException.NOT_SUPPORTED);
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
