package io.lakehouse.engine;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.storage.StorageErrors;
import io.lakehouse.storage.ObjectStore;
import io.lakehouse.table.ScanColumn;
import io.lakehouse.table.ScanFile;
import io.lakehouse.table.ScanPlan;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Renders one planned table scan as a DuckDB sub-query over {@code read_parquet}. File lists and partition values
 * are bound parameters, never spliced into the text; column names and types (from table metadata) are quoted.
 * <ul>
 *   <li>columns are matched by Parquet field id (Iceberg, Delta id mapping) or physical name, so renamed and
 *       added columns read correctly; a column missing from a file reads as NULL;</li>
 *   <li>Delta partition values become per-group constants (one UNION ALL branch per distinct partition);</li>
 *   <li>deleted row positions (Delta deletion vectors, Iceberg position deletes) go to a temporary table that is
 *       anti-joined on (file name, row number);</li>
 *   <li>Iceberg equality deletes are anti-joined per data file, null-safe, as Iceberg's planner assigned them.</li>
 * </ul>
 */
public final class ScanRenderer {
  private final EngineSession session;
  private final ObjectStore store;
  private final List<Object> params;
  private final String displayName;
  private final Map<String, String> fetched = new HashMap<>();
  private final Set<String> readColumns;

  /**
   * @param params the statement's parameter list; the renderer appends its own and refers to them by number
   */
  public ScanRenderer(EngineSession session, ObjectStore store, List<Object> params, String displayName) {
    this(session, store, params, displayName, null);
  }

  /**
   * @param readColumns lower-cased names of the columns the query may read from this table (null: any); a sparse
   *     cache fetches only those column chunks
   */
  public ScanRenderer(EngineSession session, ObjectStore store, List<Object> params, String displayName,
      Set<String> readColumns) {
    this.readColumns = readColumns;
    this.session = session;
    this.store = store;
    this.params = params;
    this.displayName = displayName;
  }

  public String render(ScanPlan plan) throws SQLException {
    return render(plan, false);
  }

  /**
   * @param shapeOnly for EXPLAIN: one file per branch gives DuckDB's plan its shape, so only those are fetched
   *     (a remote table's data is not downloaded to explain a query)
   */
  public String render(ScanPlan plan, boolean shapeOnly) throws SQLException {
    List<ScanColumn> columns = plan.columns();
    if (plan.files().isEmpty()) {
      return empty(columns);
    }
    // Group files that can share one read_parquet call.
    Map<Object, List<ScanFile>> groups = new LinkedHashMap<>();
    for (ScanFile f : plan.files()) {
      Object key = f.equalityDeletes().isEmpty() ? f.partitionValues() : f;
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
    }
    if (shapeOnly) {
      groups.replaceAll((k, g) -> List.of(g.get(0)));
    }
    List<ScanFile> files = groups.values().stream().flatMap(List::stream).toList();
    fetch(files, columns);
    Map<ScanFile, String> local = new LinkedHashMap<>();
    for (ScanFile f : files) {
      local.put(f, localPath(f.location()));
    }
    String deletedTable = deletedRowsTable(files, local);
    StringJoiner union = new StringJoiner(" UNION ALL ", "(", ")");
    for (List<ScanFile> group : groups.values()) {
      union.add(branch(columns, group, local, deletedTable));
    }
    return union.toString();
  }

  private String branch(List<ScanColumn> columns, List<ScanFile> files, Map<ScanFile, String> local,
      String deletedTable) throws SQLException {
    boolean positional = deletedTable != null && files.stream().anyMatch(f -> f.deletedPositions() != null
        || !f.positionDeletes().isEmpty());
    List<ScanColumn> dataColumns = columns.stream().filter(c -> !c.partitionValue()).toList();
    if (positional) {
      for (ScanColumn c : dataColumns) {
        if (c.name().equalsIgnoreCase("filename") || c.name().equalsIgnoreCase("file_row_number")) {
          throw new LakehouseSqlException("Table '" + displayName + "' has deleted rows and a column named '"
              + c.name() + "', which this driver cannot read together yet", LakehouseSqlException.NOT_SUPPORTED);
        }
      }
    }
    Map<String, String> partition = files.get(0).partitionValues();
    StringJoiner select = new StringJoiner(", ");
    for (ScanColumn c : columns) {
      if (c.partitionValue()) {
        String value = partitionValue(c, partition.get(c.name()));
        if (value == null) {
          select.add("CAST(NULL AS " + c.duckdbType() + ") AS " + quote(c.name()));
        } else {
          select.add("CAST(" + param(value) + " AS " + c.duckdbType() + ") AS " + quote(c.name()));
        }
      } else {
        select.add("d." + quote(c.name()));
      }
    }
    String fileParam = param(session.array("VARCHAR", files.stream().map(f -> literalPattern(local.get(f)))
        .toArray()));
    StringBuilder sql = new StringBuilder("SELECT ").append(select).append(" FROM ")
        .append(readParquet(fileParam, dataColumns, positional)).append(" AS d");
    if (positional) {
      sql.append(" ANTI JOIN ").append(deletedTable)
          .append(" AS x ON d.filename = x.path AND d.file_row_number = x.pos");
    }
    if (files.size() == 1 && !files.get(0).equalityDeletes().isEmpty()) {
      int n = 0;
      for (ScanFile.EqualityDeleteFile eq : files.get(0).equalityDeletes()) {
        String alias = "e" + (n++);
        String eqFile = param(session.array("VARCHAR", new Object[] {literalPattern(localPath(eq.location()))}));
        StringJoiner keys = new StringJoiner(", ");
        StringJoiner on = new StringJoiner(" AND ");
        for (ScanColumn k : eq.keyColumns()) {
          keys.add(quote(k.name()));
          on.add("d." + quote(k.name()) + " IS NOT DISTINCT FROM " + alias + "." + quote(k.name()));
        }
        sql.append(" ANTI JOIN (SELECT ").append(keys).append(" FROM ")
            .append(readParquet(eqFile, eq.keyColumns(), false)).append(") AS ").append(alias).append(" ON ")
            .append(on);
      }
    }
    return sql.toString();
  }

  private static String readParquet(String fileParam, List<ScanColumn> columns, boolean positional) {
    StringJoiner schema = new StringJoiner(", ", "map {", "}");
    for (ScanColumn c : columns) {
      Object key = c.parquetKey();
      String k = key instanceof Integer id ? id.toString() : DuckDbEngine.literal(Objects.toString(key));
      schema.add(k + ": {name: " + DuckDbEngine.literal(c.name()) + ", type: " + DuckDbEngine.literal(c.duckdbType())
          + ", default_value: NULL}");
    }
    return "read_parquet(" + fileParam + ", schema = " + schema + ", hive_partitioning = false"
        + (positional ? ", filename = true, file_row_number = true" : "") + ")";
  }

  /** Deleted positions of all files, in one temporary table; null when nothing is deleted. */
  private String deletedRowsTable(List<ScanFile> files, Map<ScanFile, String> local) throws SQLException {
    List<String> paths = new ArrayList<>();
    List<long[]> positions = new ArrayList<>();
    // Iceberg position-delete files: which data files (by the path string written in them) each applies to.
    Map<String, Set<String>> dataPathsByDeleteFile = new LinkedHashMap<>();
    Map<String, String> localByDataPath = new HashMap<>();
    for (ScanFile f : files) {
      if (f.deletedPositions() != null && f.deletedPositions().length > 0) {
        paths.add(local.get(f));
        positions.add(f.deletedPositions());
      }
      for (ScanFile.PositionDeleteFile d : f.positionDeletes()) {
        dataPathsByDeleteFile.computeIfAbsent(localPath(d.location()), k -> new LinkedHashSet<>())
            .add(d.dataPath());
        localByDataPath.put(d.dataPath(), local.get(f));
      }
    }
    if (!dataPathsByDeleteFile.isEmpty()) {
      String sql = "SELECT filename, file_path, pos FROM read_parquet($1, filename = true, "
          + "hive_partitioning = false)";
      Map<String, List<Long>> byDataFile = new LinkedHashMap<>();
      try (ResultSet rs = session.query(sql, List.of(session.array("VARCHAR",
          dataPathsByDeleteFile.keySet().stream().map(ScanRenderer::literalPattern).toArray())))) {
        while (rs.next()) {
          String deleteFile = rs.getString(1);
          String dataPath = rs.getString(2);
          Set<String> applies = dataPathsByDeleteFile.get(deleteFile);
          // A delete file may also list rows of files it does not apply to (older sequence numbers): skip those.
          if (applies != null && applies.contains(dataPath)) {
            byDataFile.computeIfAbsent(localByDataPath.get(dataPath), k -> new ArrayList<>()).add(rs.getLong(3));
          }
        }
      }
      for (Map.Entry<String, List<Long>> e : byDataFile.entrySet()) {
        paths.add(e.getKey());
        positions.add(e.getValue().stream().mapToLong(Long::longValue).toArray());
      }
    }
    return paths.isEmpty() ? null : session.deletedRowsTable(paths, positions);
  }

  /** Makes every file of the plan local at once (remote stores download in parallel). */
  private void fetch(List<ScanFile> files, List<ScanColumn> columns) throws SQLException {
    Map<String, Set<Object>> wanted = new LinkedHashMap<>();
    for (ScanFile f : files) {
      Set<Object> keys = null;
      if (readColumns != null) {
        keys = new java.util.HashSet<>();
        Set<String> names = new java.util.HashSet<>(readColumns);
        f.equalityDeletes().forEach(d -> d.keyColumns().forEach(k -> names.add(k.name().toLowerCase(
            java.util.Locale.ROOT))));
        for (ScanColumn c : columns) {
          if (!c.partitionValue() && names.contains(c.name().toLowerCase(java.util.Locale.ROOT))) {
            keys.add(c.parquetKey());
          }
        }
      }
      wanted.put(f.location(), keys);
      f.positionDeletes().forEach(d -> wanted.put(d.location(), null));
      f.equalityDeletes().forEach(d -> wanted.put(d.location(), null));
    }
    try {
      fetched.putAll(store.localPaths(wanted));
    } catch (IOException e) {
      throw StorageErrors.find(e, displayName);
    }
  }

  private String localPath(String location) throws SQLException {
    String path = fetched.get(location);
    if (path == null) {
      try {
        path = store.localPath(location);
      } catch (IOException e) {
        throw StorageErrors.find(e, displayName);
      }
    }
    return path;
  }

  /**
   * The path as a DuckDB file pattern that matches exactly this file. DuckDB expands {@code * ? [} in every path it
   * is given (a name like {@code p=*}, which Iceberg writes for a partition value containing {@code *}, would match
   * other files); a one-character class {@code [*]} matches only the character itself. {@code ] { }} are literal in
   * DuckDB's globs. The {@code filename} column then reports the real path.
   */
  static String literalPattern(String path) {
    StringBuilder out = new StringBuilder(path.length() + 8);
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '*' || c == '?' || c == '[') {
        out.append('[').append(c).append(']');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String partitionValue(ScanColumn c, String raw) {
    if (raw == null) {
      return null;
    }
    // Delta writes timestamp partition values without an offset; the protocol means UTC.
    if (c.duckdbType().equals("TIMESTAMP WITH TIME ZONE") && !raw.matches(".*(Z|[+-]\\d{2}(:?\\d{2})?)$")) {
      return raw + "+00";
    }
    return raw;
  }

  private String param(Object value) {
    params.add(value);
    return "$" + params.size();
  }

  private static String empty(List<ScanColumn> columns) {
    StringJoiner select = new StringJoiner(", ");
    for (ScanColumn c : columns) {
      select.add("CAST(NULL AS " + c.duckdbType() + ") AS " + quote(c.name()));
    }
    return "(SELECT " + select + " WHERE false)";
  }

  public static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
