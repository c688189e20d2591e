package io.lakehouse.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.storage.LocalObjectStore;
import io.lakehouse.table.DeletedRows;
import io.lakehouse.table.Field;
import io.lakehouse.table.FieldType;
import io.lakehouse.table.FieldType.Kind;
import io.lakehouse.table.FieldType.Primitive;
import io.lakehouse.table.ScanColumn;
import io.lakehouse.table.ScanColumn.Source;
import io.lakehouse.table.ScanFile;
import io.lakehouse.table.ScanPlan;
import io.lakehouse.table.ScanPlan.FileMatching;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ScanRenderer#render(TableScan)} of hand-built plans, run by a real sandboxed DuckDB engine over Parquet files
 * the test writes with DuckDB's COPY: per-file constants (one branch per distinct set), the four column sources, row
 * positions, deletion vectors, position and equality deletes, the grant's columns and row filter around the scan,
 * empty plans, file names DuckDB would read as patterns, and a column DuckDB cannot hold. Expected rows are what the
 * files hold, with the plan's constants and deletes applied by hand.
 */
class ScanRendererTest {
  private static final Primitive BIGINT = Primitive.of(Kind.BIGINT);
  private static final Primitive TEXT = Primitive.of(Kind.STRING);
  /** By name (files without field ids). */
  private static final ScanColumn ID = ScanColumn.data(Field.named("id", "id", BIGINT, false));
  private static final ScanColumn NAME = ScanColumn.data(Field.named("name", "name", TEXT, true));
  /** By field id. */
  private static final ScanColumn ID1 = ScanColumn.data(new Field("id", 1, List.of("id"), BIGINT, false, null));
  private static final ScanColumn NAME2 = ScanColumn.data(new Field("name", 2, List.of("name"), TEXT, true, null));

  @TempDir
  static Path dir;
  private static DuckDbEngine engine;

  @BeforeAll
  static void files() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      copy(s, "SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) v(id, name)", "a.parquet", "");
      copy(s, "SELECT * FROM (VALUES (4, 'd'), (5, 'e')) v(id, name)", "b.parquet", "");
      copy(s, "SELECT * FROM (VALUES (6, 'f')) v(id, name)", "c.parquet", "");
      copy(s, "SELECT * FROM (VALUES (7, 'g', 'data'), (8, 'h', NULL)) v(id, name, region)", "region.parquet", "");
      copy(s, "SELECT * FROM (VALUES (1, NULL), (2, 100), (3, NULL)) v(id, _row_id)", "lineage.parquet", "");
      // Field ids, as Iceberg writes them; equality deletes by id and by a nullable name.
      copy(s, "SELECT * FROM (VALUES (10, 'x'), (11, 'y'), (12, NULL), (13, 'z')) v(id, name)", "ids1.parquet",
          ", FIELD_IDS {id: 1, name: 2}");
      copy(s, "SELECT * FROM (VALUES (20, 'y'), (21, NULL)) v(id, name)", "ids2.parquet",
          ", FIELD_IDS {id: 1, name: 2}");
      copy(s, "SELECT 11 AS id", "eq-id.parquet", ", FIELD_IDS {id: 1}");
      copy(s, "SELECT CAST(NULL AS VARCHAR) AS name", "eq-name.parquet", ", FIELD_IDS {name: 2}");
      // Iceberg position deletes: rows of ids1, of a file not planned, and of ids2, to which Iceberg's planner does
      // not assign this delete file (it is older than ids2's rows); ids2 has its own delete file.
      copy(s, "SELECT * FROM (VALUES ('" + file("ids1.parquet") + "', 0), ('" + file("elsewhere.parquet")
          + "', 1), ('" + file("ids2.parquet") + "', 0), ('" + file("ids1.parquet") + "', 3)) v(file_path, pos)",
          "pos-deletes.parquet", "");
      copy(s, "SELECT '" + file("ids2.parquet") + "' AS file_path, 1 AS pos", "pos-deletes2.parquet", "");
      // Names DuckDB reads as patterns, each next to a decoy the pattern would also match.
      for (String hostile : List.of("p=*", "q?", "r[1]", "it's \"quoted\"", "back\\slash")) {
        copy(s, "SELECT 1 AS id, " + DuckDbEngine.literal(hostile) + " AS name", hostile + ".parquet", "");
      }
      for (String decoy : List.of("p=x", "qa", "r1")) {
        copy(s, "SELECT 99 AS id, 'decoy' AS name", decoy + ".parquet", "");
      }
      // Delete files with such names, and their decoys (which would delete everything).
      copy(s, "SELECT '" + file("q?.parquet") + "' AS file_path, 5 AS pos", "pd*.parquet", "");
      copy(s, "SELECT '" + file("q?.parquet") + "' AS file_path, 0 AS pos", "pdx.parquet", "");
      copy(s, "SELECT 2 AS id", "eq[1].parquet", ", FIELD_IDS {id: 1}");
      copy(s, "SELECT 10 AS id", "eq1.parquet", ", FIELD_IDS {id: 1}");
    }
    engine = DuckDbEngine.start(new EngineSettings(List.of(dir), Files.createDirectories(dir.resolve("tmp")), 1,
        null, "UTC"));
  }

  @AfterAll
  static void stop() throws SQLException {
    engine.close();
  }

  private static void copy(Statement s, String query, String name, String options) throws SQLException {
    s.execute("COPY (" + query + ") TO " + DuckDbEngine.literal(file(name)) + " (FORMAT parquet" + options + ")");
  }

  private static String file(String name) {
    return dir.resolve(name).toString();
  }

  private static ScanFile data(String name) {
    return data(name, Map.of());
  }

  private static ScanFile data(String name, Map<String, String> constants) {
    return new ScanFile(file(name), 100, -1, constants, null, List.of(), List.of());
  }

  private static ScanPlan plan(List<ScanColumn> columns, ScanFile... files) {
    return new ScanPlan(columns, List.of(), List.of(files), 0, FileMatching.BY_NAME);
  }

  private static TableScan scan(ScanPlan plan) {
    return new TableScan("t", plan, List.of(), null, null, null, false);
  }

  /** What one render produced: the SQL and the parameters it appended. */
  private record Rendered(String sql, List<Object> params) {
    int reads() {
      return sql.split("read_parquet\\(", -1).length - 1;
    }

    /** The file patterns of each file-list parameter, in order. */
    List<List<Object>> fileLists() throws SQLException {
      List<List<Object>> out = new ArrayList<>();
      for (Object p : params) {
        if (p instanceof Array a) {
          out.add(Arrays.asList((Object[]) a.getArray()));
        }
      }
      return out;
    }
  }

  private static Rendered render(EngineSession session, TableScan scan, Object... userParams) throws SQLException {
    List<Object> params = new ArrayList<>(List.of(userParams));
    String sql = new ScanRenderer(session, LocalObjectStore.INSTANCE, params).render(scan);
    return new Rendered(sql, params);
  }

  /** The rows of {@code SELECT <select> FROM <scan> AS t ORDER BY ALL}, each as "v1|v2|...". */
  private static List<String> rows(TableScan scan, String select) throws SQLException {
    try (EngineSession session = engine.newSession()) {
      Rendered r = render(session, scan);
      return rows(session, "SELECT " + select + " FROM " + r.sql() + " AS t ORDER BY ALL", r.params());
    }
  }

  private static List<String> rows(EngineSession session, String sql, List<Object> params) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = session.query(sql, params)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        out.add(String.join("|", row));
      }
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e, 0, 0);
    }
    return out;
  }

  private static String failure(Executable call) {
    LakehouseSqlException e = assertInstanceOf(LakehouseSqlException.class, assertThrows(SQLException.class, call));
    return e.getSQLState() + " " + e.getMessage().replace(dir.toString(), "DIR");
  }

  @Test
  void filesWithDifferentConstantsShareOneRead() throws SQLException {
    ScanColumn region = new ScanColumn(Field.named("region", "region", TEXT, true), Source.CONSTANT, false);
    Map<String, String> nullRegion = new HashMap<>();
    nullRegion.put("region", null);
    TableScan scan = scan(plan(List.of(ID, NAME, region), data("a.parquet", Map.of("region", "eu")),
        data("b.parquet", Map.of("region", "eu")), data("c.parquet", Map.of("region", "us")),
        data("region.parquet", nullRegion)));
    // A constant-only column is NULL where the file has no constant (and never read from the file).
    assertEquals(List.of("1|a|eu", "2|b|eu", "3|c|eu", "4|d|eu", "5|e|eu", "6|f|us", "7|g|null", "8|h|null"),
        rows(scan, "*"));
    try (EngineSession session = engine.newSession()) {
      Rendered r = render(session, scan);
      assertEquals(1, r.reads(), "one read_parquet call whatever the partition values: " + r.sql());
      assertEquals(List.of(Arrays.asList("eu", "eu", "us", null), List.of(file("a.parquet"), file("b.parquet"),
          file("c.parquet"), file("region.parquet"))), r.fileLists());
      assertEquals(false, r.sql().contains("'eu'"), "constants are parameters, never SQL text: " + r.sql());
    }
    assertEquals(List.of("1|null", "2|null", "3|null"), rows(scan(plan(List.of(ID, region), data("a.parquet"))),
        "*"), "no constant at all");
  }

  @Test
  void constantsThatDifferPerFileFilterAndGroup() throws SQLException {
    ScanColumn region = new ScanColumn(Field.named("region", "region", TEXT, true), Source.CONSTANT, false);
    TableScan scan = scan(plan(List.of(ID, NAME, region), data("a.parquet", Map.of("region", "eu")),
        data("c.parquet", Map.of("region", "us")), data("b.parquet", Map.of("region", "eu"))));
    assertEquals(List.of("1|false", "2|false", "3|false", "4|false", "5|false", "6|true"), rows(scan,
        "id, region = 'us'"));
    assertEquals(List.of("eu|5", "eu|5", "eu|5", "eu|5", "eu|5", "us|1"), rows(scan,
        "region, count(*) OVER (PARTITION BY region)"));
  }

  @Test
  void aColumnNamedFileIndexKeepsOneReadPerValue() throws SQLException {
    ScanColumn fileIndex = ScanColumn.data(Field.named("file_index", "id", BIGINT, false));
    ScanColumn region = new ScanColumn(Field.named("region", "region", TEXT, true), Source.CONSTANT, false);
    TableScan scan = scan(plan(List.of(fileIndex, region), data("a.parquet", Map.of("region", "eu")),
        data("b.parquet", Map.of("region", "eu")), data("c.parquet", Map.of("region", "us"))));
    assertEquals(List.of("1|eu", "2|eu", "3|eu", "4|eu", "5|eu", "6|us"), rows(scan, "*"),
        "file_index is the table's column here, not DuckDB's file position");
    try (EngineSession session = engine.newSession()) {
      assertEquals(2, render(session, scan).reads());
    }
  }

  @Test
  void constantOrDataAndDataOrConstant() throws SQLException {
    // Iceberg identity partition: the file's constant wins; without one, the file's own values.
    ScanColumn region = new ScanColumn(Field.named("region", "region", TEXT, true), Source.CONSTANT_OR_DATA, false);
    assertEquals(List.of("7|const", "7|data", "8|const", "8|null"), rows(scan(plan(List.of(ID, region),
        data("region.parquet", Map.of("region", "const")), data("region.parquet"))), "*"));
    // Row lineage: the data where not NULL, else the file's constant.
    ScanColumn lineage = new ScanColumn(Field.named("region", "region", TEXT, true), Source.DATA_OR_CONSTANT, false);
    assertEquals(List.of("7|data", "8|fill"), rows(scan(plan(List.of(ID, lineage),
        data("region.parquet", Map.of("region", "fill")))), "*"));
  }

  @Test
  void typedConstants() throws SQLException {
    ScanColumn day = new ScanColumn(Field.named("day", "day", Primitive.of(Kind.DATE), true), Source.CONSTANT, false);
    ScanColumn bytes = new ScanColumn(Field.named("b", "b", Primitive.of(Kind.BINARY), true), Source.CONSTANT,
        false);
    ScanColumn amount = new ScanColumn(Field.named("amount", "amount", Primitive.decimal(10, 2), true),
        Source.CONSTANT, false);
    ScanColumn ts = new ScanColumn(Field.named("ts", "ts", Primitive.of(Kind.TIMESTAMP_TZ), true), Source.CONSTANT,
        false);
    assertEquals(List.of("6|2024-01-31|DATE|\\xCA\\xFE|BLOB|12.30|DECIMAL(10,2)|2024-01-31T10:00:00.123456Z"),
        rows(scan(plan(List.of(ID, day, bytes, amount, ts), data("c.parquet", Map.of("day", "2024-01-31", "b",
            "cafe", "amount", "12.3", "ts", "2024-01-31 12:00:00.123456+02:00")))),
            "id, day, typeof(day), b, typeof(b), amount, typeof(amount), ts"));
    // Values that differ per file, in one read: joined (read) or looked up (not read), each typed the same way.
    ScanPlan two = plan(List.of(ID, day, bytes, amount, ts),
        data("b.parquet", Map.of("day", "2024-02-29", "b", "00ff", "amount", "-0.01", "ts", "1970-01-01 00:00:00Z")),
        data("c.parquet", Map.of("day", "2024-01-31", "b", "cafe", "amount", "12.3", "ts",
            "2024-01-31 12:00:00.123456+02:00")));
    List<String> expected = List.of("4|2024-02-29|DATE|\\x00\\xFF|BLOB|-0.01|DECIMAL(10,2)|1970-01-01T00:00Z",
        "5|2024-02-29|DATE|\\x00\\xFF|BLOB|-0.01|DECIMAL(10,2)|1970-01-01T00:00Z",
        "6|2024-01-31|DATE|\\xCA\\xFE|BLOB|12.30|DECIMAL(10,2)|2024-01-31T10:00:00.123456Z");
    String select = "id, day, typeof(day), b, typeof(b), amount, typeof(amount), ts";
    assertEquals(expected, rows(scan(two), select));
    assertEquals(expected, rows(new TableScan("t", two, List.of(), null, null, Set.of("id"), false), select));
  }

  @Test
  void rowPositionsAddToAFilesFirstRowId() throws SQLException {
    // _row_id: materialized where the file has it, else the file's first row id + the row's position.
    ScanColumn rowId = new ScanColumn(Field.named("_row_id", "_row_id", BIGINT, true), Source.DATA_OR_CONSTANT, true);
    ScanColumn idOnly = ScanColumn.data(Field.named("id", "id", BIGINT, false));
    ScanPlan plan = new ScanPlan(List.of(idOnly), List.of(rowId), List.of(data("lineage.parquet",
        Map.of("_row_id", "50"))), 0, FileMatching.BY_NAME);
    TableScan withRowId = new TableScan("t", plan, List.of(rowId), null, null, null, false);
    assertEquals(List.of("1|50", "2|100", "3|52"), rows(withRowId, "*"));
    assertEquals(List.of("1", "2", "3"), rows(scan(plan), "*"), "a hidden column appears only when asked for");
    // From a constant alone, with deleted rows: positions are the rows' places in the file, before deletes.
    ScanColumn constantRowId = new ScanColumn(Field.named("_row_id", "_row_id", BIGINT, true), Source.CONSTANT, true);
    ScanFile deleted = new ScanFile(file("a.parquet"), 100, 3, Map.of("_row_id", "1000"), DeletedRows.of(1),
        List.of(), List.of());
    assertEquals(List.of("1|1000", "3|1002"), rows(scan(plan(List.of(ID, constantRowId), deleted)), "*"));
    // Files with different first row ids in one read, one of them with deleted rows.
    ScanFile other = new ScanFile(file("b.parquet"), 100, 2, Map.of("_row_id", "2000"), null, List.of(), List.of());
    assertEquals(List.of("1|1000", "3|1002", "4|2000", "5|2001"), rows(scan(plan(List.of(ID, constantRowId),
        deleted, other)), "*"));
    assertEquals(List.of("1|1000", "3|1002", "4|2000", "5|2001"), rows(new TableScan("t", plan(List.of(ID,
        constantRowId), deleted, other), List.of(), null, null, Set.of("id"), false), "*"));
  }

  @Test
  void deletionVectorsRemoveRowsByPosition() throws SQLException {
    ScanFile a = new ScanFile(file("a.parquet"), 100, 3, Map.of(), DeletedRows.of(0, 2), List.of(), List.of());
    ScanFile b = new ScanFile(file("b.parquet"), 100, 2, Map.of(), DeletedRows.of(), List.of(), List.of());
    assertEquals(List.of("2|b", "4|d", "5|e"), rows(scan(plan(List.of(ID, NAME), a, b)), "*"));
    try (EngineSession session = engine.newSession()) {
      Rendered r = render(session, scan(plan(List.of(ID, NAME), b)));
      assertEquals(false, r.sql().contains("ANTI JOIN"), "an empty vector deletes nothing: " + r.sql());
    }
  }

  @Test
  void deletedRowsAreTheBuildSideOfTheAntiJoin() throws SQLException {
    // read_parquet with a schema parameter has no row estimate (~1 row); with DuckDB's build_side_probe_side
    // optimizer on, the anti join was flipped to build its hash table on the scan (RIGHT_ANTI): 8x slower on 1M rows.
    ScanFile a = new ScanFile(file("a.parquet"), 100, 3, Map.of(), DeletedRows.of(0, 2), List.of(), List.of());
    ScanFile b = new ScanFile(file("b.parquet"), 100, 2, Map.of(), DeletedRows.of(1), List.of(), List.of());
    try (EngineSession session = engine.newSession()) {
      Rendered r = render(session, scan(plan(List.of(ID, NAME), a, b)));
      List<String> plan = rows(session, "EXPLAIN SELECT count(*) FROM " + r.sql() + " AS t", r.params());
      String text = String.join("\n", plan);
      assertEquals(true, text.contains("ANTI"), text);
      assertEquals(false, text.contains("RIGHT_ANTI"), "the scan must be the probe side: " + text);
    }
  }

  @Test
  void deletionVectorsAreDecodedOncePerRenderInChunks() throws SQLException {
    String big = file("big.parquet");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      s.execute("COPY (SELECT range AS id FROM range(200000)) TO " + DuckDbEngine.literal(big) + " (FORMAT parquet)");
    }
    // Exactly one chunk, one position over it, and several chunks: every position reaches DuckDB once.
    for (int size : new int[] {EngineSession.POSITION_CHUNK, EngineSession.POSITION_CHUNK + 1, 150_001}) {
      int[] decodes = {0};
      DeletedRows every = new DeletedRows() {
        @Override
        public long cardinality() {
          return size;
        }

        @Override
        public void forEach(PositionConsumer consumer) throws SQLException {
          decodes[0]++;
          for (long p = 0; p < size; p++) {
            consumer.accept(p);
          }
        }
      };
      ScanFile f = new ScanFile(big, 100, 200_000, Map.of(), every, List.of(), List.of());
      String expected;
      try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) || '|' || min(id) FROM read_parquet("
              + DuckDbEngine.literal(big) + ", file_row_number = true) WHERE file_row_number >= " + size)) {
        rs.next();
        expected = rs.getString(1);
      }
      assertEquals(List.of(expected), rows(scan(plan(List.of(ID), f)), "count(*) || '|' || min(id)"), "" + size);
      assertEquals(1, decodes[0], "decoded once, while rendering");
    }
  }

  @Test
  void positionDeleteFilesApplyToTheirDataFileOnly() throws SQLException {
    ScanFile ids1 = new ScanFile(file("ids1.parquet"), 100, 4, Map.of(), null, List.of(
        new ScanFile.PositionDeleteFile(file("pos-deletes.parquet"), file("ids1.parquet"))), List.of());
    ScanFile ids2 = new ScanFile(file("ids2.parquet"), 100, 2, Map.of(), null, List.of(
        new ScanFile.PositionDeleteFile(file("pos-deletes2.parquet"), file("ids2.parquet"))), List.of());
    assertEquals(List.of("11|y", "12|null", "20|y"), rows(scan(new ScanPlan(List.of(ID1, NAME2), List.of(),
        List.of(ids1, ids2), 0, FileMatching.BY_FIELD_ID)), "*"));
    assertEquals(List.of("11|y", "12|null", "20|y", "21|null"), rows(scan(new ScanPlan(List.of(ID1, NAME2),
        List.of(), List.of(ids1, data("ids2.parquet")), 0, FileMatching.BY_FIELD_ID)), "*"));
  }

  @Test
  void equalityDeletesAreNullSafeAndPerFile() throws SQLException {
    ScanFile ids1 = new ScanFile(file("ids1.parquet"), 100, 4, Map.of(), null, List.of(), List.of(
        new ScanFile.EqualityDeleteFile(file("eq-id.parquet"), List.of(ID1)),
        new ScanFile.EqualityDeleteFile(file("eq-name.parquet"), List.of(NAME2))));
    // ids2 has a NULL name too, but no delete file applies to it.
    TableScan scan = scan(new ScanPlan(List.of(ID1, NAME2), List.of(), List.of(ids1, data("ids2.parquet")), 0,
        FileMatching.BY_FIELD_ID));
    assertEquals(List.of("10|x", "13|z", "20|y", "21|null"), rows(scan, "*"));
    try (EngineSession session = engine.newSession()) {
      assertEquals(4, render(session, scan).reads(), "a branch per file with equality deletes, one read per delete");
    }
    ScanColumn gone = ScanColumn.data(new Field("gone", 9, List.of("gone"), TEXT, true, null));
    ScanFile stale = new ScanFile(file("ids1.parquet"), 100, 4, Map.of(), null, List.of(), List.of(
        new ScanFile.EqualityDeleteFile(file("eq-name.parquet"), List.of(gone))));
    assertEquals("0A000 Table 't' has an equality delete on column 'gone', which the snapshot's schema no longer has; "
        + "this driver cannot apply it yet", failure(() -> rows(scan(new ScanPlan(List.of(ID1, NAME2), List.of(),
            List.of(stale), 0, FileMatching.BY_FIELD_ID)), "*")));
  }

  @Test
  void theGrantShowsItsColumnsOfTheRowsItsFilterPasses() throws SQLException {
    SqlNode filter = parse("name <> 'b' AND id < 5");
    TableScan granted = new TableScan("t", plan(List.of(ID, NAME), data("a.parquet"), data("b.parquet")), List.of(),
        List.of(ID), filter, null, false);
    // The filter reads a column the grant hides; only the granted column leaves the scan.
    assertEquals(List.of("1", "3", "4"), rows(granted, "*"));
    try (EngineSession session = engine.newSession()) {
      Rendered r = render(session, granted);
      assertEquals(true, r.sql().startsWith("(SELECT \"id\" FROM (") && r.sql().endsWith(
          ") AS granted WHERE (\"name\" <> 'b' AND \"id\" < 5))"), r.sql());
    }
    assertEquals(List.of("3|c"), rows(new TableScan("t", plan(List.of(ID, NAME), data("a.parquet")), List.of(), null,
        parse("id = 3"), null, false), "*"), "a filter alone keeps every column");
    assertEquals(List.of("a|1", "b|2", "c|3"), rows(new TableScan("t", plan(List.of(ID, NAME), data("a.parquet")),
        List.of(), List.of(NAME, ID), null, null, false), "*"), "the grant's columns in the order given");
  }

  private static SqlNode parse(String expression) {
    try {
      return SqlParser.create(expression, SqlParser.config().withQuoting(Quoting.DOUBLE_QUOTE)
          .withUnquotedCasing(Casing.UNCHANGED)).parseExpression();
    } catch (org.apache.calcite.sql.parser.SqlParseException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anEmptyPlanIsAnEmptyRelationOfTheTablesTypes() throws SQLException {
    ScanColumn amount = ScanColumn.data(Field.named("amount", "amount", Primitive.decimal(12, 3), true));
    TableScan empty = scan(plan(List.of(ID, NAME, amount)));
    try (EngineSession session = engine.newSession()) {
      Rendered r = render(session, empty);
      assertEquals("(SELECT CAST(NULL AS BIGINT) AS \"id\", CAST(NULL AS VARCHAR) AS \"name\", CAST(NULL AS "
          + "DECIMAL(12,3)) AS \"amount\" WHERE false)", r.sql());
      assertEquals(List.of(), r.params());
      try (ResultSet rs = session.query("SELECT * FROM " + r.sql() + " AS t", r.params())) {
        ResultSetMetaData md = rs.getMetaData();
        assertEquals(List.of("id BIGINT", "name VARCHAR", "amount DECIMAL(12,3)"), List.of(
            md.getColumnName(1) + " " + md.getColumnTypeName(1), md.getColumnName(2) + " " + md.getColumnTypeName(2),
            md.getColumnName(3) + " " + md.getColumnTypeName(3)));
        assertEquals(false, rs.next());
      }
    }
  }

  @Test
  void fileNamesAreExactPatterns() throws SQLException {
    for (String hostile : List.of("p=*", "q?", "r[1]", "it's \"quoted\"", "back\\slash")) {
      assertEquals(List.of("1|" + hostile), rows(scan(plan(List.of(ID, NAME), data(hostile + ".parquet"))), "*"),
          hostile);
      // Deleted positions are matched by the file name DuckDB reports: the real one, not the pattern.
      ScanFile deleted = new ScanFile(file(hostile + ".parquet"), 100, 1, Map.of(), DeletedRows.of(0), List.of(),
          List.of());
      assertEquals(List.of(), rows(scan(plan(List.of(ID, NAME), deleted)), "*"), hostile);
    }
    ScanFile positionDeleted = new ScanFile(file("q?.parquet"), 100, 1, Map.of(), null, List.of(
        new ScanFile.PositionDeleteFile(file("pd*.parquet"), file("q?.parquet"))), List.of());
    assertEquals(List.of("1|q?"), rows(scan(plan(List.of(ID, NAME), positionDeleted)), "*"), "pd*: only pos 5");
    ScanFile equalityDeleted = new ScanFile(file("ids1.parquet"), 100, 4, Map.of(), null, List.of(), List.of(
        new ScanFile.EqualityDeleteFile(file("eq[1].parquet"), List.of(ID1))));
    assertEquals(List.of("10|x", "11|y", "12|null", "13|z"), rows(scan(new ScanPlan(List.of(ID1, NAME2), List.of(),
        List.of(equalityDeleted), 0, FileMatching.BY_FIELD_ID)), "*"), "eq[1] deletes id 2, not eq1's id 10");
    assertEquals("/d/p=[*]/q[?]/r[[]1]/{a}.parquet", ScanRenderer.literalPattern("/d/p=*/q?/r[1]/{a}.parquet"));
  }

  @Test
  void aColumnDuckDbCannotHoldFailsOnlyTheQueriesThatReadIt() throws SQLException {
    ScanColumn nanos = ScanColumn.data(Field.named("ts", "ts", Primitive.of(Kind.TIMESTAMP_NS_TZ), true));
    ScanColumn wide = ScanColumn.data(Field.named("big", "big", Primitive.decimal(40, 2), true));
    TableScan scan = scan(plan(List.of(ID, nanos, wide), data("a.parquet")));
    assertEquals(List.of("1", "2", "3"), rows(scan, "id"));
    assertEquals(List.of("3"), rows(scan, "count(*)"));
    assertEquals("0A000 Column 'ts' of table 't': The type nanosecond timestamps with time zone (DuckDB's TIMESTAMP "
        + "WITH TIME ZONE holds microseconds) cannot be read exactly by this driver yet",
        failure(() -> rows(scan, "id, ts")));
    assertEquals("0A000 Column 'big' of table 't': The type DECIMAL(40,2) (DuckDB holds at most 38 digits) cannot be "
        + "read exactly by this driver yet", failure(() -> rows(scan, "id, big")));
    // Also through the grant's projection, and in an empty plan.
    TableScan granted = new TableScan("t", plan(List.of(ID, nanos), data("a.parquet")), List.of(), List.of(ID, nanos),
        parse("id > 1"), null, false);
    assertEquals(List.of("2", "3"), rows(granted, "id"));
    assertEquals("0A000 Column 'ts' of table 't': The type nanosecond timestamps with time zone (DuckDB's TIMESTAMP "
        + "WITH TIME ZONE holds microseconds) cannot be read exactly by this driver yet",
        failure(() -> rows(granted, "ts")));
    assertEquals(List.of(), rows(scan(plan(List.of(ID, nanos))), "id"));
  }

  @Test
  void matchingByFieldIdNeedsFilesWithIds() throws SQLException {
    ScanPlan byId = new ScanPlan(List.of(ID1, NAME2), List.of(), List.of(data("a.parquet")), 0,
        FileMatching.BY_FIELD_ID);
    assertEquals("0A000 Table 't' has a data file without Parquet field ids and no name mapping "
        + "(schema.name-mapping.default) that says which column is which; this driver cannot read it correctly",
        failure(() -> rows(scan(byId), "*")));
    // Under a name mapping, such files are read by the mapped names; files with ids still by id.
    ScanColumn renamed = ScanColumn.data(new Field("label", 2, List.of("title", "name"), TEXT, true, null));
    ScanPlan mapped = new ScanPlan(List.of(ID1, renamed), List.of(), List.of(data("a.parquet"), data("ids2.parquet")),
        0, FileMatching.BY_FIELD_ID_ELSE_NAME);
    assertEquals(List.of("1|a", "2|b", "3|c", "20|y", "21|null"), rows(scan(mapped), "*"));
  }

  @Test
  void positionalReadsCannotHaveAColumnNamedFilename() {
    ScanColumn filename = ScanColumn.data(Field.named("filename", "name", TEXT, true));
    ScanFile deleted = new ScanFile(file("a.parquet"), 100, 3, Map.of(), DeletedRows.of(0), List.of(), List.of());
    assertEquals("0A000 Table 't' has deleted rows or row ids and a column named 'filename', which this driver "
        + "cannot read together yet", failure(() -> rows(scan(plan(List.of(ID, filename), deleted)), "*")));
  }

  @Test
  void theRenderersParametersFollowTheStatements() throws SQLException {
    try (EngineSession session = engine.newSession()) {
      Rendered r = render(session, scan(plan(List.of(ID, NAME), data("c.parquet", Map.of()))), "user value");
      assertEquals(true, r.sql().contains("read_parquet($2, "), r.sql());
      assertEquals(List.of("user value|6|f"), rows(session, "SELECT $1, * FROM " + r.sql() + " AS t", r.params()));
    }
  }

  @Test
  void explainReadsOneFilePerBranch() throws SQLException {
    ScanColumn region = new ScanColumn(Field.named("region", "region", TEXT, true), Source.CONSTANT, false);
    ScanPlan plan = plan(List.of(ID, region), data("a.parquet", Map.of("region", "eu")),
        data("b.parquet", Map.of("region", "eu")), data("c.parquet", Map.of("region", "us")));
    try (EngineSession session = engine.newSession()) {
      Rendered r = render(session, new TableScan("t", plan, List.of(), null, null, null, true));
      assertEquals(List.of(List.of(file("a.parquet"))), r.fileLists(), "one file of the one read, whose value is inline");
    }
  }
}
