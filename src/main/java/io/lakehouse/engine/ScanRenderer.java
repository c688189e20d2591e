package io.lakehouse.engine;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.storage.ObjectStore;
import io.lakehouse.storage.ParquetFileSchema;
import io.lakehouse.storage.StorageErrors;
import io.lakehouse.storage.SupportsLocalFiles;
import io.lakehouse.table.DeletedRows;
import io.lakehouse.table.Field;
import io.lakehouse.table.ScanColumn;
import io.lakehouse.table.ScanFile;
import io.lakehouse.table.ScanPlan;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Renders one planned table scan as a DuckDB sub-query over {@code read_parquet}. File lists and per-file constants
 * are bound parameters, never spliced into the text; column names and types (from table metadata) are quoted.
 * <ul>
 *   <li>columns and nested fields are matched by Parquet field id or name as the plan says ({@link ReadSchema}), so
 *       renamed, reordered and added fields read correctly at every level; a field missing from a file reads its
 *       default (NULL or the format's initial default); files without field ids are read by the table's name
 *       mapping, or refused when there is none;</li>
 *   <li>per-file constants (Delta partition values, Iceberg identity-partition values, row-lineage bases) do not
 *       split the scan: files that differ only in their values share one read_parquet call, and each row finds its
 *       file's value in a list by DuckDB's {@code file_index} ({@link FileConstants}); only a table with a column named
 *       {@code file_index} gets one UNION ALL branch per distinct set of values;</li>
 *   <li>deleted row positions (deletion vectors, Iceberg position deletes) go to a temporary table that is
 *       anti-joined on (file name, row number);</li>
 *   <li>Iceberg equality deletes are anti-joined per data file, null-safe, as Iceberg's planner assigned them.</li>
 * </ul>
 */
public final class ScanRenderer {
  private final EngineSession session;
  private final ObjectStore store;
  private final List<Object> params;
  private final Map<String, String> fetched = new HashMap<>();
  /** Read schemas by (fields read, mode, file names): the same for most files of a table. */
  private final Map<List<Object>, ReadSchema.Result> readSchemas = new HashMap<>();
  private String displayName;
  private Set<String> readColumns;

  /**
   * @param params the statement's parameter list; the renderer appends its own and refers to them by number
   */
  public ScanRenderer(EngineSession session, ObjectStore store, List<Object> params) {
    this.session = session;
    this.store = store;
    this.params = params;
  }

  /**
   * The scan as a DuckDB sub-query; seen through the principal's grant when there is one: only the granted columns
   * of the rows the row filter lets through leave it.
   */
  public String render(TableScan scan) throws SQLException {
    this.displayName = scan.displayName();
    this.readColumns = readColumns(scan);
    String rendered = render(scan.plan(), scan.metadataColumns(), scan.shapeOnly());
    if (scan.visibleColumns() == null && scan.rowFilter() == null) {
      return rendered;
    }
    List<ScanColumn> visible = scan.visibleColumns() == null ? scan.plan().columns() : scan.visibleColumns();
    StringBuilder sql = new StringBuilder("(SELECT ");
    for (int i = 0; i < visible.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(quote(visible.get(i).name()));
    }
    sql.append(" FROM ").append(rendered).append(" AS granted");
    if (scan.rowFilter() != null) {
      sql.append(" WHERE (").append(scan.rowFilter().toSqlString(DuckDbDialect.INSTANCE).getSql()).append(')');
    }
    return sql.append(')').toString();
  }

  /** Columns a sparse fetch needs: the query's, plus those the row filter reads (null: all). */
  private static Set<String> readColumns(TableScan scan) {
    if (scan.readColumns() == null || scan.rowFilter() == null) {
      return scan.readColumns();
    }
    Set<String> names = new java.util.HashSet<>(scan.readColumns());
    boolean[] star = {false};
    scan.rowFilter().accept(new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
      @Override
      public Void visit(org.apache.calcite.sql.SqlIdentifier id) {
        star[0] |= id.isStar();
        id.names.forEach(n -> names.add(n.toLowerCase(java.util.Locale.ROOT)));
        return null;
      }
    });
    return star[0] ? null : names;
  }

  /**
   * @param metadataColumns hidden columns of the plan the query asks for, rendered after the table's columns
   * @param shapeOnly for EXPLAIN: one file per branch gives DuckDB's plan its shape, so only those are fetched
   *     (a remote table's data is not downloaded to explain a query)
   */
  private String render(ScanPlan plan, List<ScanColumn> metadataColumns, boolean shapeOnly) throws SQLException {
    List<ScanColumn> columns = new ArrayList<>(plan.columns());
    columns.addAll(metadataColumns);
    if (plan.files().isEmpty()) {
      return empty(columns);
    }
    // Files that can share one read_parquet call: the same way of finding columns, no equality deletes, and the same
    // constant columns (their values differ per file, found by file_index) or, when file_index is a column of the
    // table, the same constant values.
    boolean byFileIndex = columns.stream().noneMatch(c -> c.name().equalsIgnoreCase(FileConstants.FILE_INDEX));
    List<ScanFile> files = plan.files();
    if (shapeOnly) {
      Map<Object, ScanFile> first = new LinkedHashMap<>();
      for (ScanFile f : files) {
        Map<String, String> constants = constantsKey(columns, f);
        first.putIfAbsent(byFileIndex ? constants.keySet() : constants, f);
      }
      files = List.copyOf(first.values());
    }
    fetch(files, columns);
    Map<ScanFile, String> local = new IdentityHashMap<>();
    for (ScanFile f : files) {
      local.put(f, localPath(f.location()));
    }
    Map<Object, Group> groups = new LinkedHashMap<>();
    for (ScanFile f : files) {
      Map<String, String> constants = constantsKey(columns, f);
      ReadSchema.Result read = readSchema(plan, columns, constants, local.get(f));
      Object shared = byFileIndex ? constants.keySet() : constants;
      Object key = f.equalityDeletes().isEmpty() ? List.of(shared, read.schemaMap()) : f;
      groups.computeIfAbsent(key, k -> new Group(constants, read, new ArrayList<>())).files().add(f);
    }
    String deletedTable = deletedRowsTable(files, local);
    StringJoiner union = new StringJoiner(" UNION ALL ", "(", ")");
    for (Group group : groups.values()) {
      union.add(branch(columns, group, local, deletedTable));
    }
    return union.toString();
  }

  /**
   * Files read by one read_parquet call.
   *
   * @param constants the first file's constants: which constant columns the group's files have (and their values,
   *     when they are the same for every file of the group)
   */
  private record Group(Map<String, String> constants, ReadSchema.Result read, List<ScanFile> files) {}

  /** The file's constants of the columns that use them (a missing key: no constant for that column). */
  private static Map<String, String> constantsKey(List<ScanColumn> columns, ScanFile f) {
    Map<String, String> out = new HashMap<>();
    for (ScanColumn c : columns) {
      if (c.usesConstants() && f.constants().containsKey(c.name())) {
        out.put(c.name(), f.constants().get(c.name()));
      }
    }
    return out;
  }

  /** How this file's columns are read: by field id, or by name (the format's names, or a name mapping). */
  private ReadSchema.Result readSchema(ScanPlan plan, List<ScanColumn> columns, Map<String, String> constants,
      String localPath) throws SQLException {
    ReadSchema.Mode mode = ReadSchema.Mode.BY_NAME;
    ParquetFileSchema.Node names = null;
    if (plan.matching() != ScanPlan.FileMatching.BY_NAME) {
      ParquetFileSchema schema;
      try {
        schema = ParquetFileSchema.of(localPath);
      } catch (IOException e) {
        throw new LakehouseSqlException("Table '" + displayName + "': cannot read the Parquet footer of a data file: "
            + e.getMessage(), SqlState.STORAGE_FAILURE, e);
      }
      if (schema.hasFieldIds()) {
        mode = ReadSchema.Mode.BY_ID;
      } else if (plan.matching() == ScanPlan.FileMatching.BY_FIELD_ID_ELSE_NAME) {
        names = schema.root();
      } else {
        throw new LakehouseSqlException("Table '" + displayName + "' has a data file without Parquet field ids and "
            + "no name mapping (schema.name-mapping.default) that says which column is which; this driver cannot "
            + "read it correctly", SqlState.NOT_SUPPORTED);
      }
    }
    List<Field> read = new ArrayList<>();
    for (ScanColumn c : columns) {
      boolean constant = constants.containsKey(c.name()) && c.source() == ScanColumn.Source.CONSTANT_OR_DATA;
      if (c.readsData() && !constant && unreadable(c) == null) {
        read.add(c.field());
      }
    }
    List<Object> key = Arrays.asList(read, mode, names);
    ReadSchema.Result known = readSchemas.get(key);
    if (known != null) {
      return known;
    }
    try {
      ReadSchema.Result result = ReadSchema.of(read, mode, names);
      readSchemas.put(key, result);
      return result;
    } catch (SQLException e) {
      throw LakehouseSqlException.withContext("Table '" + displayName + "': ", e);
    }
  }

  private String branch(List<ScanColumn> columns, Group group, Map<ScanFile, String> local, String deletedTable)
      throws SQLException {
    List<ScanFile> files = group.files();
    Map<String, String> constants = group.constants();
    boolean deletes = deletedTable != null && files.stream().anyMatch(f -> f.hasDeletionVector()
        || !f.positionDeletes().isEmpty());
    boolean rowPositions = columns.stream().anyMatch(c -> c.addsRowPosition() && constants.containsKey(c.name()));
    boolean positional = deletes || rowPositions;
    if (positional) {
      for (ScanColumn c : columns) {
        if (c.name().equalsIgnoreCase("filename") || c.name().equalsIgnoreCase("file_row_number")) {
          throw new LakehouseSqlException("Table '" + displayName + "' has deleted rows or row ids and a column "
              + "named '" + c.name() + "', which this driver cannot read together yet",
              SqlState.NOT_SUPPORTED);
        }
      }
    }
    FileConstants perFile = new FileConstants(files, constants.keySet(), this::param, session);
    StringJoiner select = new StringJoiner(", ");
    Map<Integer, String> valueById = new HashMap<>();
    for (ScanColumn c : columns) {
      String value = value(c, constants, perFile, group.read().values().get(c.name()));
      select.add(value + " AS " + quote(c.name()));
      if (c.field().id() != null) {
        valueById.put(c.field().id(), value);
      }
    }
    String fileParam = param(session.array("VARCHAR", files.stream().map(f -> literalPattern(local.get(f)))
        .toArray()));
    StringBuilder sql = new StringBuilder("SELECT ").append(select).append(" FROM read_parquet(").append(fileParam)
        .append(", schema = ").append(group.read().schemaMap()).append(", hive_partitioning = false")
        .append(positional ? ", filename = true, file_row_number = true" : "").append(") AS d");
    if (deletes) {
      sql.append(" ANTI JOIN ").append(deletedTable)
          .append(" AS x ON d.filename = x.path AND d.file_row_number = x.pos");
    }
    if (files.size() == 1 && !files.get(0).equalityDeletes().isEmpty()) {
      int n = 0;
      for (ScanFile.EqualityDeleteFile eq : files.get(0).equalityDeletes()) {
        String alias = "e" + (n++);
        String eqFile = param(session.array("VARCHAR", new Object[] {literalPattern(localPath(eq.location()))}));
        List<Field> keyFields = eq.keyColumns().stream().map(ScanColumn::field).toList();
        ReadSchema.Result keys = ReadSchema.of(keyFields, ReadSchema.Mode.BY_ID, null);
        StringJoiner projected = new StringJoiner(", ");
        StringJoiner on = new StringJoiner(" AND ");
        for (ScanColumn k : eq.keyColumns()) {
          String dataValue = valueById.get(k.field().id());
          if (dataValue == null) {
            throw new LakehouseSqlException("Table '" + displayName + "' has an equality delete on column '"
                + k.name() + "', which the snapshot's schema no longer has; this driver cannot apply it yet",
                SqlState.NOT_SUPPORTED);
          }
          projected.add(keys.values().get(k.name()) + " AS " + quote(k.name()));
          on.add(dataValue + " IS NOT DISTINCT FROM " + alias + "." + quote(k.name()));
        }
        sql.append(" ANTI JOIN (SELECT ").append(projected).append(" FROM read_parquet(").append(eqFile)
            .append(", schema = ").append(keys.schemaMap()).append(", hive_partitioning = false) AS d) AS ")
            .append(alias).append(" ON ").append(on);
      }
    }
    return sql.toString();
  }

  /** A column's value in a branch, from its data expression and the branch's constants. */
  private String value(ScanColumn c, Map<String, String> constants, FileConstants perFile, String data)
      throws SQLException {
    SQLException unreadable = unreadable(c);
    if (unreadable != null) {
      return failing(unreadable);
    }
    String type = type(c);
    String nullValue = "CAST(NULL AS " + type + ")";
    String fromData = data == null ? nullValue : data;
    if (!c.usesConstants() || !constants.containsKey(c.name())) {
      return c.readsData() ? fromData : nullValue;
    }
    String constant = perFile.value(c.name(), type);
    if (constant == null) {
      String text = constants.get(c.name());
      constant = text == null ? nullValue
          : type.equals("BLOB") ? "from_hex(" + param(text) + ")" : "CAST(" + param(text) + " AS " + type + ")";
    }
    if (c.addsRowPosition()) {
      constant = "(" + constant + " + d.file_row_number)";
    }
    return switch (c.source()) {
      case DATA_OR_CONSTANT -> "COALESCE(" + fromData + ", " + constant + ")";
      default -> constant;
    };
  }

  /**
   * Why the engine cannot hold the column's values exactly (a type DuckDB lacks), or null. Such a column does not
   * make the table unreadable: queries that do not read it run.
   */
  private SQLException unreadable(ScanColumn c) throws SQLException {
    try {
      type(c);
      return null;
    } catch (SQLException e) {
      if (SqlState.NOT_SUPPORTED.is(e)) {
        return e;
      }
      throw e;
    }
  }

  /**
   * A value that fails the query with this error only if it is evaluated: DuckDB drops unread columns of a scan, so
   * only queries that read the column fail (with SQLState 0A000, see {@link DuckDbErrors}).
   */
  private String failing(SQLException e) {
    return "CAST(error(" + param(DuckDbErrors.NOT_SUPPORTED_MARKER + e.getMessage()) + ") AS \"NULL\")";
  }

  private String type(ScanColumn c) throws SQLException {
    try {
      return DuckDbTypes.of(c.type());
    } catch (SQLException e) {
      throw LakehouseSqlException.withContext("Column '" + c.name() + "' of table '" + displayName + "': ", e);
    }
  }

  /**
   * Deleted positions of all files, in one temporary table; null when nothing is deleted. Deletion vectors are
   * decoded here, one file at a time into DuckDB (the plan carries only their descriptors).
   */
  private String deletedRowsTable(List<ScanFile> files, Map<ScanFile, String> local) throws SQLException {
    List<String> paths = new ArrayList<>();
    List<DeletedRows> vectors = new ArrayList<>();
    // Iceberg position-delete files, paired with each data file (by the path string written in them) they apply to.
    Set<String> deleteFiles = new LinkedHashSet<>();
    List<String> pairDeleteFiles = new ArrayList<>();
    List<String> pairDataPaths = new ArrayList<>();
    List<String> pairLocalPaths = new ArrayList<>();
    for (ScanFile f : files) {
      if (f.hasDeletionVector()) {
        // A vector whose cardinality is 0 deletes nothing (Kernel's own reader does not even read it).
        paths.add(local.get(f));
        vectors.add(f.deletedRows());
      }
      for (ScanFile.PositionDeleteFile d : f.positionDeletes()) {
        String deleteFile = localPath(d.location());
        deleteFiles.add(literalPattern(deleteFile));
        pairDeleteFiles.add(deleteFile);
        pairDataPaths.add(d.dataPath());
        pairLocalPaths.add(local.get(f));
      }
    }
    if (paths.isEmpty() && deleteFiles.isEmpty()) {
      return null;
    }
    String table = session.deletedRowsTable(paths, vectors);
    if (!deleteFiles.isEmpty()) {
      // A delete file may also list rows of files it does not apply to (older sequence numbers): the join skips them.
      session.addPositionDeletes(table, List.copyOf(deleteFiles), pairDeleteFiles, pairDataPaths, pairLocalPaths);
    }
    return table;
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
          if (c.readsData() && names.contains(c.name().toLowerCase(java.util.Locale.ROOT))) {
            // Whichever way the file stores it: by field id, or under one of its names.
            if (c.field().id() != null) {
              keys.add(c.field().id());
            }
            keys.addAll(c.field().fileNames());
          }
        }
      }
      wanted.put(f.location(), keys);
      f.positionDeletes().forEach(d -> wanted.put(d.location(), null));
      f.equalityDeletes().forEach(d -> wanted.put(d.location(), null));
    }
    try {
      fetched.putAll(SupportsLocalFiles.of(store).localPaths(wanted));
    } catch (IOException e) {
      throw StorageErrors.find(e, displayName);
    }
  }

  private String localPath(String location) throws SQLException {
    String path = fetched.get(location);
    if (path == null) {
      try {
        path = SupportsLocalFiles.of(store).localPath(location);
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

  private String param(Object value) {
    params.add(value);
    return "$" + params.size();
  }

  private String empty(List<ScanColumn> columns) throws SQLException {
    StringJoiner select = new StringJoiner(", ");
    for (ScanColumn c : columns) {
      SQLException unreadable = unreadable(c);
      select.add((unreadable == null ? "CAST(NULL AS " + type(c) + ")" : failing(unreadable)) + " AS "
          + quote(c.name()));
    }
    return "(SELECT " + select + " WHERE false)";
  }

  public static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
