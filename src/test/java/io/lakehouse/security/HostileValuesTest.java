package io.lakehouse.security;

import static io.lakehouse.testing.SqlAssert.assertMessageLacks;
import static io.lakehouse.testing.SqlAssert.assertState;
import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakehouse.SqlState;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Catalog values that reach DuckDB SQL or file paths (data file names, partition values, table locations, catalog
 * names, time-travel arguments) are read verbatim and never spliced: tables written by the reference writers with
 * hostile names and values read back exactly the rows written, and decoy files carrying a unique marker, next to
 * and outside the table roots, never show up in any result or error message.
 */
class HostileValuesTest {
  @TempDir
  static Path base;
  static final String MARKER = "DECOY-" + UUID.randomUUID();
  static Path decoyDir;
  static Path decoyCsv;
  static Connection connection;
  static final Map<String, List<Object[]>> written = new TreeMap<>();
  static final Map<String, Map<String, Integer>> filesPerPartition = new TreeMap<>();
  static Path deltaRoot;
  static Path icebergRoot;
  static long icebergFirstSnapshot;

  /** Partition values (and string data) that would break SQL or paths if spliced. */
  static List<String> hostileValues() {
    return List.of("'", "\"", ";", "--", "/*", "*/", "..", "../..", "a..b", "sp ace", "%", "%25", "\\", "=",
        "a=b/c", "/", "é", "日本", "😀", "x'); SELECT * FROM read_csv('" + decoyCsv + "') --");
  }

  /** Data file names (glob characters: see {@link #globCharactersInFileNamesMatchOnlyThatFile}). */
  static final List<String> HOSTILE_FILE_NAMES = List.of("it's.parquet", "q\"uote.parquet", "semi;colon.parquet",
      "dash--dash.parquet", "a..b.parquet", "sub dir/../dot-seg.parquet", "sp ace.parquet",
      "per%25cent%.parquet", "back\\slash.parquet", "eq=ual.parquet", "é日本😀.parquet",
      "x'); SELECT 1; --.parquet", "..dots...parquet");

  @BeforeAll
  static void writeTables() throws Exception {
    decoyDir = Files.createDirectories(base.resolve("decoy"));
    decoyCsv = decoyDir.resolve("decoy.csv");
    Path tables = Files.createDirectories(base.resolve("tables"));
    writeDecoys(decoyDir);
    writeDecoys(tables);   // next to the table roots

    deltaRoot = tables.resolve("delta it's \"q\"; -- é日本 %20");
    // Written under a plain name, then moved: the test writer's file layer takes Kernel's target folders
    // literally, so a table root needing URI escapes would be split in two. The log's paths are relative.
    Path plain = tables.resolve("delta-plain");
    DeltaTestWriter delta = DeltaTestWriter.create(plain, List.of(new Col("id", "long", false),
        Col.of("p", "string"), Col.of("s", "string")), List.of("p"));
    List<Object[]> deltaRows = new ArrayList<>();
    List<Object[]> first = rows(0);
    delta.append(first);
    deltaRows.addAll(first);
    // Second commit: the same partitions, data files renamed to hostile names (Kernel commits those paths).
    List<Object[]> second = rows(1000);
    delta.appendPlaced(second, renamer());
    deltaRows.addAll(second);
    Files.move(plain, deltaRoot);
    writeDecoys(deltaRoot);   // inside the root, named by no commit
    written.put("delta", deltaRows);

    icebergRoot = tables.resolve("ice 'berg' ; é");
    Schema schema = new Schema(required(1, "id", Types.LongType.get()), optional(2, "p", Types.StringType.get()),
        optional(3, "s", Types.StringType.get()));
    IcebergTestWriter iceberg = IcebergTestWriter.create(icebergRoot, schema,
        PartitionSpec.builderFor(schema).identity("p").build());
    List<Object[]> icebergRows = new ArrayList<>(rows(0));
    icebergFirstSnapshot = iceberg.append(icebergRows);
    iceberg.tag("x'y", icebergFirstSnapshot);
    List<Object[]> icebergSecond = rows(1000);
    AtomicInteger n = new AtomicInteger();
    iceberg.appendPlaced(icebergSecond, location -> {
      Path folder = Path.of(location).getParent();
      try {
        Files.createDirectories(folder.resolve("sub dir"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return folder.resolve(HOSTILE_FILE_NAMES.get(n.getAndIncrement() % HOSTILE_FILE_NAMES.size())).toString();
    });
    icebergRows.addAll(icebergSecond);
    writeDecoys(icebergRoot);
    written.put("iceberg", icebergRows);

    for (String p : hostileValues()) {
      // two commits, one data file per partition value each
      filesPerPartition.computeIfAbsent("delta", k -> new TreeMap<>()).put(p, 2);
      filesPerPartition.computeIfAbsent("iceberg", k -> new TreeMap<>()).put(p, 2);
    }

    ObjectMapper json = new ObjectMapper();
    ObjectNode catalog = json.createObjectNode();
    ObjectNode t = catalog.putObject("tables");
    t.putObject("delta").put("format", "delta").put("location", deltaRoot.toString());
    t.putObject("iceberg").put("format", "iceberg").put("location", icebergRoot.toString());
    // names that need quoted identifiers
    t.putObject("we'ird;.tab\"le-é日本").put("format", "delta").put("location", deltaRoot.toString());
    Path catalogFile = base.resolve("catalog.json");
    json.writeValue(catalogFile.toFile(), catalog);
    connection = DriverManager.getConnection("jdbc:lakehouse:" + catalogFile);
  }

  /** Rows {@code offset + i}: one per hostile value, the value as partition and inside the string column. */
  private static List<Object[]> rows(int offset) {
    List<Object[]> out = new ArrayList<>();
    List<String> values = hostileValues();
    for (int i = 0; i < values.size(); i++) {
      out.add(new Object[] {(long) (offset + i), values.get(i), "s" + (offset + i) + values.get(i)});
    }
    return out;
  }

  /** Moves each written data file to the next hostile name in its own folder. */
  private static UnaryOperator<Path> renamer() {
    AtomicInteger n = new AtomicInteger();
    return written -> {
      String name = HOSTILE_FILE_NAMES.get(n.getAndIncrement() % HOSTILE_FILE_NAMES.size());
      try {
        Files.createDirectories(written.getParent().resolve("sub dir"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return written.getParent().resolve(name);
    };
  }

  /** A CSV and a Parquet file whose every value is the marker, with the tables' column names. */
  static void writeDecoys(Path dir) throws Exception {
    Files.writeString(dir.resolve("decoy.csv"), "id,p,s\n1," + MARKER + "," + MARKER + "\n");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      s.execute("COPY (SELECT 1::BIGINT AS id, '" + MARKER + "' AS p, '" + MARKER + "' AS s) TO '"
          + dir.resolve("decoy.parquet").toString().replace("'", "''") + "' (FORMAT parquet)");
    }
  }

  @AfterAll
  static void close() throws SQLException {
    if (connection != null) {
      connection.close();
    }
  }

  @AfterEach
  void connectionStillWorks() throws SQLException {
    assertEquals(written.get("delta").size(), query("SELECT * FROM delta").size());
  }

  static List<List<Object>> query(String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      List<List<Object>> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int c = 1; c <= n; c++) {
            row.add(rs.getObject(c));
          }
          out.add(row);
        }
      }
      for (List<Object> row : out) {
        assertFalse(row.toString().contains(MARKER), "decoy read by " + sql + ": " + row);
      }
      return out;
    }
  }

  static List<List<Object>> expected(String table, java.util.function.Predicate<Object[]> where) {
    return written.get(table).stream().filter(where).sorted(Comparator.comparingLong(r -> (Long) r[0]))
        .map(r -> java.util.Arrays.asList(r[0], r[1], r[2])).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta", "iceberg", "\"we'ird;\".\"tab\"\"le-é日本\""})
  void everyRowComesBackVerbatim(String table) throws SQLException {
    String source = table.startsWith("\"") ? "delta" : table;
    assertEquals(expected(source, r -> true), query("SELECT id, p, s FROM " + table + " ORDER BY id"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"delta", "iceberg"})
  void partitionValuesFilterAndSkipFiles(String table) throws SQLException {
    for (String value : hostileValues()) {
      List<List<Object>> want = expected(table, r -> value.equals(r[1]));
      assertEquals(2, want.size(), value);
      assertEquals(want, query("SELECT id, p, s FROM " + table + " WHERE p = ? ORDER BY id", value), value);
      assertEquals(want, query("SELECT id, p, s FROM " + table + " WHERE p = '" + value.replace("'", "''")
          + "' ORDER BY id"), value);
      // File skipping: only this partition's files are planned.
      String plan = String.join("\n", query("EXPLAIN SELECT id FROM " + table + " WHERE p = ?", value).stream()
          .map(r -> String.valueOf(r.get(0))).toList());
      int files = filesPerPartition.get(table).get(value);
      assertTrue(plan.contains(": " + files + " files,") || plan.contains("; " + files + " files,"),
          value + " -> " + plan);
    }
  }

  @Test
  void icebergRefWithAQuoteInItsName() throws SQLException {
    List<List<Object>> firstCommit = expected("iceberg", r -> (Long) r[0] < 1000);
    assertEquals(firstCommit, query("SELECT id, p, s FROM iceberg FOR VERSION AS OF 'x''y' ORDER BY id"));
    assertEquals(firstCommit, query("SELECT id, p, s FROM iceberg_scan('" + icebergRoot.toString()
        .replace("'", "''") + "', ref => 'x''y') ORDER BY id"));
    assertEquals(firstCommit, query("SELECT id, p, s FROM iceberg FOR VERSION AS OF ? ORDER BY id", "x'y"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM delta FOR TIMESTAMP AS OF '2024-01-01''; DROP'",
      "SELECT * FROM delta FOR TIMESTAMP AS OF '2024-01-01''); SELECT * FROM read_csv(''${decoy}'') --'",
      "SELECT * FROM delta FOR VERSION AS OF '1; DROP TABLE x'",
      "SELECT * FROM iceberg FOR VERSION AS OF 'x''); SELECT * FROM read_csv(''${decoy}'') --'",
      "SELECT * FROM iceberg_scan('${iceberg}', ref => 'x''y''; --')",
      "SELECT * FROM delta_scan('${delta}', timestamp => '2024''; DROP')"})
  void hostileTimeTravelArgumentsAreValuesNotSql(String sql) {
    String s = sql.replace("${decoy}", decoyCsv.toString()).replace("${iceberg}", icebergRoot.toString()
        .replace("'", "''")).replace("${delta}", deltaRoot.toString().replace("'", "''"));
    assertMessageLacks(assertState(SqlState.INVALID_ARGUMENT, () -> query(s), s), MARKER);
  }

  @Test
  void deltaScanByHostileLocation() throws SQLException {
    assertEquals(expected("delta", r -> true), query("SELECT id, p, s FROM delta_scan('"
        + deltaRoot.toString().replace("'", "''") + "') ORDER BY id"));
  }

  // ---------------------------------------------------------------------------------- files outside the roots

  /** A table with one commit whose data files are moved to {@code placer}'s path; reading it must fail. */
  @ParameterizedTest
  @ValueSource(strings = {"delta-relative", "delta-absolute", "iceberg-absolute", "iceberg-dotdot"})
  void dataFilesOutsideTheCatalogAreRefused(String kind, @TempDir Path dir) throws Exception {
    Path tables = Files.createDirectories(dir.resolve("tables"));
    Path root = tables.resolve("t");
    Path outside = Files.createDirectories(dir.resolve("elsewhere"));
    List<Object[]> rows = rows(0);
    if (kind.startsWith("delta")) {
      DeltaTestWriter w = DeltaTestWriter.create(root, List.of(new Col("id", "long", false),
          Col.of("p", "string"), Col.of("s", "string")));
      AtomicInteger n = new AtomicInteger();
      w.appendPlaced(rows, f -> kind.equals("delta-relative")
          ? root.resolve("../../elsewhere/f" + n.getAndIncrement() + ".parquet")
          : outside.resolve("f" + n.getAndIncrement() + ".parquet"));
    } else {
      Schema schema = new Schema(required(1, "id", Types.LongType.get()), optional(2, "p", Types.StringType.get()),
          optional(3, "s", Types.StringType.get()));
      IcebergTestWriter w = IcebergTestWriter.create(root, schema);
      AtomicInteger n = new AtomicInteger();
      w.appendPlaced(rows, l -> kind.equals("iceberg-dotdot")
          ? root.resolve("data/../../../elsewhere/f" + n.getAndIncrement() + ".parquet").toString()
          : outside.resolve("f" + n.getAndIncrement() + ".parquet").toString());
    }
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + tables);
        Statement s = c.createStatement()) {
      SQLException e = assertState(SqlState.ACCESS_DENIED, () -> {
        try (ResultSet rs = s.executeQuery("SELECT * FROM t")) {
          while (rs.next()) {
            // drain
          }
        }
      });
      // the connection stays usable
      try (ResultSet rs = s.executeQuery("SELECT 1")) {
        assertTrue(rs.next());
      }
    }
  }

  /** Iceberg data files in another table's directory of the same catalog are inside the catalog: they read. */
  @Test
  void dataFilesInAnotherTableOfTheCatalogRead(@TempDir Path dir) throws Exception {
    Path tables = Files.createDirectories(dir.resolve("tables"));
    DeltaTestWriter.create(tables.resolve("other"), List.of(new Col("id", "long", false)));
    Schema schema = new Schema(required(1, "id", Types.LongType.get()), optional(2, "p", Types.StringType.get()),
        optional(3, "s", Types.StringType.get()));
    IcebergTestWriter w = IcebergTestWriter.create(tables.resolve("t"), schema);
    List<Object[]> rows = rows(0);
    w.appendPlaced(rows, l -> tables.resolve("other/shared.parquet").toString());
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + tables);
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
      assertTrue(rs.next());
      assertEquals(rows.size(), rs.getLong(1));
    }
  }

  /**
   * DuckDB expands {@code * ? [} in file paths. Such names (Iceberg writes {@code p=*} for a partition value with a
   * star) read exactly their own file: a sibling the glob would also match (the decoy) is not read.
   */
  @ParameterizedTest
  @ValueSource(strings = {"g*h", "g?h", "g[x]h", "g[h", "g]h", "g{x,h}", "g**h", "[*]", "p=*/g", "p=[x]/g",
      "p=?/g", "p=**/g"})
  void globCharactersInFileNamesMatchOnlyThatFile(String name, @TempDir Path dir) throws Exception {
    Path root = dir.resolve("t");
    DeltaTestWriter w = DeltaTestWriter.create(root, List.of(new Col("id", "long", false),
        Col.of("p", "string"), Col.of("s", "string")));
    List<Object[]> rows = rows(0);
    AtomicInteger n = new AtomicInteger();
    w.appendPlaced(rows, f -> root.resolve(name + n.getAndIncrement() + ".parquet"));
    // Files and folders the name would match as a glob, each holding the marker.
    Path folder = root.resolve(name + "0.parquet").getParent();
    writeDecoys(folder);
    for (String decoy : List.of("gxh0", "gh0", "gx0", "x0", "g", "gxxh0", "p=x/g0", "p=xy/g0")) {
      Path target = (decoy.contains("/") ? root : folder).resolve(decoy + ".parquet");
      Files.createDirectories(target.getParent());
      Files.copy(folder.resolve("decoy.parquet"), target);
    }
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + dir);
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, p, s FROM t ORDER BY id")) {
      List<List<Object>> got = new ArrayList<>();
      while (rs.next()) {
        got.add(List.of(rs.getLong(1), rs.getString(2), rs.getString(3)));
      }
      assertEquals(rows.stream().map(r -> List.of(r[0], r[1], r[2])).toList(), got);
    }
  }
}
