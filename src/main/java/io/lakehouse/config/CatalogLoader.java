package io.lakehouse.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Loads a {@link CatalogConfig} from a catalog file (YAML or JSON) or by discovering tables under a directory.
 * Every problem is reported with the key path inside the file (e.g. {@code tables.sales.format}).
 */
public final class CatalogLoader {
  private static final Set<String> TOP_LEVEL_KEYS = Set.of("name", "tables", "scan_roots", "storage", "cache", "engine",
      "audit", "organizations", "roles", "principals");
  private static final Set<String> ENGINE_KEYS = Set.of("memory_limit", "threads", "temp_directory",
      "max_query_seconds");
  private static final Set<String> CACHE_KEYS = Set.of("directory", "max_bytes", "mode", "results");
  private static final long DEFAULT_CACHE_BYTES = 4_000_000_000L;
  private static final Set<String> TABLE_KEYS = Set.of("format", "location", "storage", "description");
  private static final int MAX_DISCOVERY_DEPTH = 8;

  private CatalogLoader() {}

  /** Loads from a catalog file or discovers a directory, whichever the path names. */
  public static CatalogConfig load(String pathText) throws SQLException {
    if (pathText == null || pathText.isBlank()) {
      throw error("No catalog given: use jdbc:lakehouse:<catalog.yaml or directory> or the 'catalog' property");
    }
    Path path = localPath(pathText.trim(), null, "catalog");
    if (Files.isDirectory(path)) {
      return discover(path);
    }
    if (!Files.isRegularFile(path)) {
      throw error("Catalog " + path + " does not exist");
    }
    return fromFile(path);
  }

  static CatalogConfig fromFile(Path file) throws SQLException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper = name.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
    JsonNode root;
    try {
      root = mapper.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw error("Catalog " + file + " is not valid " + (name.endsWith(".json") ? "JSON" : "YAML") + where + ": "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw error("Cannot read catalog " + file + ": " + e.getMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw error(file + ": the catalog is empty; it needs a 'tables' section");
    }
    Path base = file.toAbsolutePath().getParent();
    Context ctx = new Context(file.toString());
    ctx.requireObject(root, "");
    ctx.checkKeys(root, "", TOP_LEVEL_KEYS);
    Secrets secrets = Secrets.fromEnvironment();
    Map<String, StorageProfile> storage = new LinkedHashMap<>();
    JsonNode storageNode = root.get("storage");
    if (storageNode != null) {
      ctx.requireObject(storageNode, "storage");
      Iterator<Map.Entry<String, JsonNode>> profiles = storageNode.fields();
      while (profiles.hasNext()) {
        Map.Entry<String, JsonNode> e = profiles.next();
        storage.put(e.getKey(), StorageProfiles.parse(ctx.file(), "storage." + e.getKey(), e.getKey(), e.getValue(),
            secrets));
      }
    }
    JsonNode tablesNode = root.get("tables");
    if (tablesNode == null) {
      throw error(ctx.at("tables") + "missing: the catalog must list its tables");
    }
    ctx.requireObject(tablesNode, "tables");
    List<TableEntry> tables = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = tablesNode.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      tables.add(table(ctx, "tables." + e.getKey(), e.getKey(), e.getValue(), base, storage));
    }
    List<String> roots = new ArrayList<>();
    JsonNode rootsNode = root.get("scan_roots");
    if (rootsNode != null) {
      if (!rootsNode.isArray()) {
        throw error(ctx.at("scan_roots") + "expected a list of directories");
      }
      for (int i = 0; i < rootsNode.size(); i++) {
        String key = "scan_roots[" + i + "]";
        if (!rootsNode.get(i).isTextual()) {
          throw error(ctx.at(key) + "expected a directory path");
        }
        String location = location(rootsNode.get(i).asText(), base, ctx.at(key));
        if (Locations.isLocal(location) && !Files.isDirectory(Path.of(location))) {
          throw error(ctx.at(key) + location + " is not a directory");
        }
        roots.add(location);
      }
    }
    AccessConfig access = AccessLoader.load(ctx, root, base, tables, storage);
    CatalogConfig.CacheSettings files = cache(ctx, root.get("cache"), base);
    JsonNode results = root.get("cache") == null ? null : root.get("cache").get("results");
    return new CatalogConfig(file.toString(), tables, roots, storage, files, access,
        AuditSection.parse(ctx, root.get("audit"), base), engine(ctx, root.get("engine"), base))
        .withResultCache(ResultCacheSection.parse(ctx, results, base, secrets)).withName(catalogName(ctx, root));
  }

  /** The optional {@code name:} key: the catalog's name in SQL ({@code name.schema.table}) and JDBC metadata. */
  private static String catalogName(Context ctx, JsonNode root) throws SQLException {
    JsonNode node = root.get("name");
    if (node == null) {
      return null;
    }
    if (!node.isTextual() || node.asText().isBlank() || node.asText().contains(".")) {
      throw error(ctx.at("name") + "expected the catalog's name: text without dots");
    }
    return node.asText();
  }

  /** The {@code engine:} section: ceilings for memory and threads, the temp directory, the query time cap. */
  private static EngineLimits engine(Context ctx, JsonNode node, Path base) throws SQLException {
    if (node == null) {
      return EngineLimits.NONE;
    }
    ctx.requireObject(node, "engine");
    ctx.checkKeys(node, "engine", ENGINE_KEYS);
    ByteSize memory = null;
    if (node.has("memory_limit")) {
      String text = ctx.requireText(node, "engine", "memory_limit").trim();
      memory = ByteSize.parse(text, true).orElseThrow(() -> error(ctx.at("engine.memory_limit")
          + "expected a size such as 512MB, 4GB or 50%, got '" + text + "'"));
    }
    Integer threads = positiveInt(ctx, node, "threads", 1024);
    Path temp = node.has("temp_directory")
        ? localPath(ctx.requireText(node, "engine", "temp_directory"), base, ctx.at("engine.temp_directory"))
        : null;
    Integer seconds = positiveInt(ctx, node, "max_query_seconds", Integer.MAX_VALUE);
    return new EngineLimits(memory, threads, temp, seconds);
  }

  private static Integer positiveInt(Context ctx, JsonNode node, String field, int max) throws SQLException {
    JsonNode v = node.get(field);
    if (v == null) {
      return null;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > max) {
      throw error(ctx.at("engine." + field) + "expected a whole number from 1 to " + max + ", got '"
          + v.asText() + "'");
    }
    return v.asInt();
  }

  private static CatalogConfig.CacheSettings cache(Context ctx, JsonNode node, Path base) throws SQLException {
    // Per user: the cache must be private (see FileCache).
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "lakehouse-jdbc-cache-" + System.getProperty("user.name"));
    long max = DEFAULT_CACHE_BYTES;
    boolean sparse = false;
    if (node != null) {
      ctx.requireObject(node, "cache");
      ctx.checkKeys(node, "cache", CACHE_KEYS);
      if (node.has("directory")) {
        dir = localPath(ctx.requireText(node, "cache", "directory"), base, ctx.at("cache.directory"));
      }
      if (node.has("max_bytes")) {
        JsonNode m = node.get("max_bytes");
        max = m.isNumber() ? m.asLong() : ByteSize.parse(m.asText(), false).map(ByteSize::asLong).orElse(-1L);
        if (max <= 0) {
          throw error(ctx.at("cache.max_bytes") + "expected a size such as 2GB or 500MB");
        }
      }
      if (node.has("mode")) {
        String mode = ctx.requireText(node, "cache", "mode");
        if (!mode.equals("whole") && !mode.equals("sparse")) {
          throw error(ctx.at("cache.mode") + "expected whole or sparse, got '" + mode + "'");
        }
        sparse = mode.equals("sparse");
      }
    }
    return new CatalogConfig.CacheSettings(dir, max, sparse);
  }

  private static TableEntry table(Context ctx, String key, String name, JsonNode node, Path base,
      Map<String, StorageProfile> storage) throws SQLException {
    ctx.requireObject(node, key);
    ctx.checkKeys(node, key, TABLE_KEYS);
    if (!name.matches("[^.\\s]+(\\.[^.\\s]+)*")) {
      throw error(ctx.at(key) + "a table name is one or more dot-separated parts without spaces");
    }
    String profile = null;
    if (node.has("storage")) {
      profile = ctx.requireText(node, key, "storage");
      if (!storage.containsKey(profile)) {
        throw error(ctx.at(key + ".storage") + "no storage profile named '" + profile + "'; defined: "
            + storage.keySet());
      }
    }
    String format = ctx.requireText(node, key, "format").toLowerCase(Locale.ROOT);
    TableLayout layout = TableLayouts.named(format).orElseThrow(() -> error(ctx.at(key + ".format")
        + "expected one of " + TableLayouts.names() + ", got '" + format + "'"));
    String location = location(ctx.requireText(node, key, "location"), base, ctx.at(key + ".location"));
    if (Locations.isLocal(location)) {
      String problem = TableLayouts.problem(Path.of(location), layout);
      if (problem != null) {
        throw error(ctx.at(key + ".location") + problem);
      }
    } else {
      // Remote tables are checked when first read: listing object stores at connect time is slow.
      StorageProfiles.checkServes(ctx.at(key + ".location"), location, profile == null ? null
          : storage.get(profile), storage);
    }
    int dot = name.lastIndexOf('.');
    String schema = dot < 0 ? CatalogConfig.DEFAULT_SCHEMA : name.substring(0, dot);
    return new TableEntry(schema, name.substring(dot + 1), format, location, profile);
  }

  /** Every Delta and Iceberg table under the directory; sub-folders become schemas. */
  static CatalogConfig discover(Path dir) throws SQLException {
    List<TableEntry> tables = new ArrayList<>();
    Path root = dir.toAbsolutePath().normalize();
    try {
      walk(root, root, 0, tables);
    } catch (IOException e) {
      throw error("Cannot list directory " + root + ": " + e.getMessage());
    }
    return new CatalogConfig(root.toString(), tables, List.of(root.toString()), Map.of(),
        cache(new Context(root.toString()), null, root), null, AuditSettings.DEFAULT, EngineLimits.NONE);
  }

  private static void walk(Path root, Path dir, int depth, List<TableEntry> out) throws IOException {
    String format = TableLayouts.detect(dir);
    if (format != null && depth > 0) {
      Path rel = root.relativize(dir);
      int n = rel.getNameCount();
      List<String> schemaParts = new ArrayList<>();
      for (int i = 0; i < n - 1; i++) {
        schemaParts.add(withoutDbSuffix(rel.getName(i).toString()));
      }
      String schema = n == 1 ? CatalogConfig.DEFAULT_SCHEMA : String.join(".", schemaParts);
      out.add(new TableEntry(schema, rel.getFileName().toString(), format, dir.toString(), null));
      return;
    }
    if (depth >= MAX_DISCOVERY_DEPTH) {
      return;
    }
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Files::isDirectory)) {
      ds.forEach(children::add);
    }
    children.sort(null);
    for (Path child : children) {
      String n = child.getFileName().toString();
      // Hidden and metadata folders are skipped; dotted names would be ambiguous in schema.table, except Spark's
      // and Hive's database folders (sales.db), which become the schema without the suffix.
      boolean dotted = n.contains(".") && !(n.endsWith(".db") && n.length() > 3
          && !withoutDbSuffix(n).contains("."));
      if (!n.startsWith(".") && !n.startsWith("_") && !dotted) {
        walk(root, child, depth + 1, out);
      }
    }
  }

  private static String withoutDbSuffix(String folder) {
    return folder.endsWith(".db") ? folder.substring(0, folder.length() - 3) : folder;
  }

  /**
   * A table or root location: object-store URIs as given (without trailing slash), local paths absolute and
   * normalized (relative ones against the catalog file's directory).
   */
  static String location(String text, Path base, String where) throws SQLException {
    String scheme = Locations.scheme(text);
    if (scheme != null && !scheme.equals("file")) {
      if (!Locations.REMOTE_SCHEMES.contains(scheme)) {
        throw new LakehouseSqlException(where + ": unsupported location scheme " + scheme + ":// (expected s3, "
            + "s3a, gs, azure, az, abfss, wasbs, file or a path)", SqlState.NOT_SUPPORTED);
      }
      if (Locations.hasDotSegments(text)) {
        throw error(where + ": . and .. segments are not allowed in object-store locations");
      }
      return Locations.trimSlash(text);
    }
    return localPath(text, base, where).toString();
  }

  static Path localPath(String text, Path base, String where) throws SQLException {
    String t = text;
    if (t.startsWith("file://")) {
      t = t.substring("file://".length());
    } else if (t.startsWith("file:")) {
      t = t.substring("file:".length());
    }
    try {
      Path p = Path.of(t);
      if (!p.isAbsolute() && base != null) {
        p = base.resolve(p);
      }
      return p.toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw error(where + ": invalid path");
    }
  }

  static SQLException error(String message) {
    return new LakehouseSqlException(message, SqlState.CONNECTION_FAILED);
  }

  /** Error-message helpers that prefix the file and key path. */
  record Context(String file) {
    String at(String key) {
      return file + ": " + (key.isEmpty() ? "" : key + ": ");
    }

    void requireObject(JsonNode node, String key) throws SQLException {
      if (!node.isObject()) {
        throw error(at(key) + "expected a mapping of keys to values");
      }
    }

    void checkKeys(JsonNode node, String key, Set<String> allowed) throws SQLException {
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String n = names.next();
        if (!allowed.contains(n)) {
          throw error(at(key.isEmpty() ? n : key + "." + n) + "unknown key; expected one of "
              + allowed.stream().sorted().toList());
        }
      }
    }

    String requireText(JsonNode node, String key, String field) throws SQLException {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        throw error(at(key + "." + field) + "missing");
      }
      if (!v.isTextual() || v.asText().isBlank()) {
        throw error(at(key + "." + field) + "expected a non-empty string");
      }
      return v.asText();
    }
  }
}
