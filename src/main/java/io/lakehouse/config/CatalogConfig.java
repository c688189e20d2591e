package io.lakehouse.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The tables a connection can query and the roots that {@code delta_scan} / {@code iceberg_scan} may reach.
 * Immutable once loaded.
 */
public final class CatalogConfig {
  /** Schema of tables whose names have no dot (same name as DuckDB's default schema). */
  public static final String DEFAULT_SCHEMA = "main";

  private final String source;
  private final Map<String, TableEntry> tables;
  private final List<String> scanRoots;
  private final Map<String, StorageProfile> storage;
  private final CacheSettings cache;
  private final AccessConfig access;
  private final EngineLimits engine;
  private final AuditSettings audit;
  private ResultCacheSettings resultCache = ResultCacheSettings.DEFAULT;
  private String name;

  /**
   * Where remote data files are cached and how many bytes the cache may hold.
   *
   * @param directory the cache directory
   * @param maxBytes the bound; least recently used files are evicted beyond it
   * @param sparse fetch only the footer and the needed column chunks of Parquet data files ({@code mode: sparse})
   */
  public record CacheSettings(Path directory, long maxBytes, boolean sparse) {}

  CatalogConfig(String source, Collection<TableEntry> tables, List<String> extraScanRoots,
      Map<String, StorageProfile> storage, CacheSettings cache, AccessConfig access, AuditSettings audit,
      EngineLimits engine) {
    this.source = source;
    this.engine = engine;
    this.access = access;
    this.audit = audit;
    this.storage = Map.copyOf(storage);
    this.cache = cache;
    Map<String, TableEntry> byKey = new LinkedHashMap<>();
    for (TableEntry t : tables) {
      byKey.put(t.lookupKey(), t);
    }
    this.tables = Map.copyOf(byKey);
    List<String> roots = new ArrayList<>(extraScanRoots);
    for (TableEntry t : tables) {
      roots.add(t.root());
    }
    this.scanRoots = List.copyOf(roots);
  }

  /**
   * The catalog's name, as SQL and JDBC metadata use it ({@code TABLE_CAT}, {@code catalog.schema.table}): the
   * file's {@code name:} key, else the file name without its extension, or the directory's name.
   */
  public String name() {
    if (name != null) {
      return name;
    }
    Path file = Path.of(source).getFileName();
    String base = file == null ? "lakehouse" : file.toString();
    int dot = base.lastIndexOf('.');
    return dot > 0 && !java.nio.file.Files.isDirectory(Path.of(source)) ? base.substring(0, dot) : base;
  }

  /** This catalog with the given name (set once, while loading). */
  CatalogConfig withName(String catalogName) {
    this.name = catalogName;
    return this;
  }

  /** Where the catalog came from (file or directory), for messages. */
  public String source() {
    return source;
  }

  public Collection<TableEntry> tables() {
    return tables.values();
  }

  /**
   * Finds a table by the parts of a SQL name. Unquoted parts match case-insensitively, quoted parts exactly.
   *
   * @param parts one part (table in the default schema) or more (schema parts, then the table)
   * @param quoted for each part, whether it was written as a quoted identifier
   */
  public Optional<TableEntry> find(List<String> parts, List<Boolean> quoted) {
    String schema = parts.size() == 1 ? DEFAULT_SCHEMA : String.join(".", parts.subList(0, parts.size() - 1));
    String name = parts.get(parts.size() - 1);
    TableEntry entry = tables.get((schema + "." + name).toLowerCase(Locale.ROOT));
    if (entry == null) {
      return Optional.empty();
    }
    // Quoted parts must match exactly. A dotted schema may be written as one quoted part ("crm.eu".leads) or
    // as several (crm.eu.leads).
    List<String> split = new ArrayList<>(List.of(entry.schema().split("\\.", -1)));
    split.add(entry.name());
    List<String> actual = parts.size() == 1 ? List.of(entry.name())
        : parts.size() == 2 ? List.of(entry.schema(), entry.name()) : split;
    if (actual.size() != parts.size()) {
      return Optional.empty();
    }
    for (int i = 0; i < parts.size(); i++) {
      if (quoted.get(i) && !actual.get(i).equals(parts.get(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(entry);
  }

  public TreeSet<String> schemas() {
    TreeSet<String> schemas = new TreeSet<>();
    for (TableEntry t : tables.values()) {
      schemas.add(t.schema());
    }
    return schemas;
  }

  /** Locations under which table-function locations ({@code delta_scan('...')}) are accepted. */
  public List<String> scanRoots() {
    return scanRoots;
  }

  /** The local directories among the scan roots (what the engine may read besides its cache). */
  public List<Path> localRoots() {
    return scanRoots.stream().filter(Locations::isLocal).map(Path::of).toList();
  }

  public Map<String, StorageProfile> storage() {
    return storage;
  }

  public CacheSettings cache() {
    return cache;
  }

  /** The access section (organisations, roles, principals), or null for a single-user catalog. */
  public AccessConfig access() {
    return access;
  }

  /**
   * The same catalog seen by one tenant: only these tables, storage profiles and scan roots (the tables' own roots
   * are always scan roots), with its own cache directory. Everything downstream (table lookup, storage routing,
   * the engine's allowed directories, metadata) works on this view, so another tenant's tables cannot be named,
   * listed or read through it.
   */
  public CatalogConfig restrictedTo(Collection<TableEntry> visible, Map<String, StorageProfile> profiles,
      List<String> roots, CacheSettings cacheSettings) {
    return new CatalogConfig(source, visible, roots, profiles, cacheSettings, access, audit, engine)
        .withResultCache(resultCache).withName(name);
  }

  /** This catalog with the given {@code cache.results} section (set once, while loading). */
  CatalogConfig withResultCache(ResultCacheSettings settings) {
    this.resultCache = settings;
    return this;
  }

  /** The {@code cache.results} section: where results of deterministic queries are cached. */
  public ResultCacheSettings resultCache() {
    return resultCache;
  }

  /** The table whose root is exactly this location (as a table function would name it), if any. */
  public Optional<TableEntry> tableAtRoot(String location) {
    return tables.values().stream().filter(t -> Locations.isInside(location, t.root())
        && Locations.isInside(t.root(), location)).findFirst();
  }

  /** The table whose root contains this location (the root itself or anything below it), if any. */
  public Optional<TableEntry> tableContaining(String location) {
    return tables.values().stream().filter(t -> Locations.isInside(location, t.root())).findFirst();
  }

  /** The {@code engine:} section: the administrator's ceilings for each connection's DuckDB. */
  public EngineLimits engine() {
    return engine;
  }

  /** Where each statement's audit record goes (the {@code audit:} section, or the default). */
  public AuditSettings audit() {
    return audit;
  }

  /**
   * Whether a location lies inside one of the scan roots. Local paths are normalized first (so {@code ..} cannot
   * climb out); object-store locations containing {@code .} or {@code ..} segments are never inside.
   */
  public boolean isInsideScanRoots(String location) {
    if (Locations.isLocal(location)) {
      Path p = Path.of(location).toAbsolutePath().normalize();
      return localRoots().stream().anyMatch(root -> p.startsWith(root.toAbsolutePath().normalize()));
    }
    if (Locations.hasDotSegments(location)) {
      return false;
    }
    return scanRoots.stream().filter(r -> !Locations.isLocal(r))
        .anyMatch(root -> location.equals(root) || location.startsWith(root.endsWith("/") ? root : root + "/"));
  }
}
