package io.lakehouse.conformance;

import static io.lakehouse.testing.IcebergLayouts.IDENT_BYTES_PARTITION_COLUMNS;
import static io.lakehouse.testing.IcebergLayouts.IDENT_PARTITION_COLUMNS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.lakehouse.SqlState;
import io.lakehouse.testing.IcebergLayoutFiles;
import io.lakehouse.testing.IcebergLayouts;
import io.lakehouse.testing.IcebergLayouts.LayoutTable;
import io.lakehouse.testing.IcebergLayouts.Written;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Iceberg tables written by Iceberg's own Java API in unusual but valid layouts that other writers produce
 * ({@link IcebergLayouts}: partition values only in manifests, files without field ids read through a name mapping,
 * v3 defaults, deletion vectors, equality-delete scoping, nanosecond / uuid / fixed / time / unknown types, gzip and
 * catalog-style metadata files, stale version hints, {@code file:} paths, moved tables, row lineage), queried through
 * the driver: every answer must be exactly what Iceberg's own reader ({@link IcebergReference}) reads, compared as
 * {@link CanonicalValues} text.
 *
 * <p>All queries over catalog tables run on ONE connection opened once for the class, the way an application uses a
 * driver (an error must not break the queries after it). The directory-catalog layout needs a
 * {@code jdbc:lakehouse:<dir>} URL: its few queries share a second long-lived connection.
 *
 * <p>A SQLException is a failure, except SQLState 0A000 where a check says so: a table without field ids and without
 * name mapping (the spec leaves it undefined; the driver may refuse it or must read it as Iceberg does), the
 * timestamptz_ns type (DuckDB has no nanosecond TIMESTAMP WITH TIME ZONE) and format v4 (a spec still being
 * written). One check expects an error: a table copied without rewriting its paths, whose files no longer exist
 * where its metadata says.
 *
 * <p>Once a query breaks the shared connection, the checks after it fail too; that is part of what this suite
 * tests. To see what each query does on its own, run with {@code -Dlayouts.connectionPerQuery=true}.
 */
class IcebergLayoutsTest {

  @TempDir
  static Path dir;
  private static Written lake;
  private static Connection catalog;
  private static Connection directory;
  private static SQLException catalogFailure;
  private static SQLException directoryFailure;

  @BeforeAll
  static void writeTablesAndConnect() throws Exception {
    lake = IcebergLayouts.writeAll(dir.resolve("lake"));
    try {
      catalog = DriverManager.getConnection("jdbc:lakehouse:" + lake.catalogFile());
    } catch (SQLException e) {
      catalogFailure = e;
    }
    try {
      directory = DriverManager.getConnection("jdbc:lakehouse:" + lake.directoryCatalog());
    } catch (SQLException e) {
      directoryFailure = e;
    }
  }

  @AfterAll
  static void close() throws SQLException {
    if (catalog != null) {
      catalog.close();
    }
    if (directory != null) {
      directory.close();
    }
  }

  /** What a check accepts from the driver. */
  enum Accept {
    /** Exactly Iceberg's answer. */
    EXACT,
    /** Exactly Iceberg's answer, or a SQLException with SQLState 0A000 (never a different answer). */
    EXACT_OR_0A000,
    /** A SQLException (any rows are wrong). */
    ERROR
  }

  /** An answer: column labels (null: not checked), rendered rows, and whether their order is part of it. */
  record Answer(List<String> columns, List<List<String>> rows, boolean ordered) {}

  interface Expected {
    Answer get();
  }

  record Check(String name, boolean directoryCatalog, String sql, Expected expected, Accept accept) {}

  @TestFactory
  Stream<DynamicTest> layouts() {
    List<Check> checks = new ArrayList<>();
    identityPartitions(checks);
    identityEvolution(checks);
    nameMapping(checks);
    defaults(checks);
    deletionVectors(checks);
    equalityDeletes(checks);
    types(checks);
    rowLineage(checks);
    metadataLayouts(checks);
    paths(checks);
    Set<String> names = new HashSet<>();
    for (Check c : checks) {
      if (!names.add(c.name())) {
        throw new IllegalStateException("duplicate check name " + c.name());
      }
    }
    return checks.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
  }

  // ==============================================================================================================
  // The checks, per layout

  private static void identityPartitions(List<Check> checks) {
    for (String name : List.of("ident_no_source", "ident_control")) {
      identityChecks(checks, name, IDENT_PARTITION_COLUMNS, IcebergLayouts::identFilterValue);
      LayoutTable t = lake.table(name);
      checks.add(check(name, "range p_int > 0", "SELECT id, p_int FROM " + name + " WHERE p_int > 0 ORDER BY id",
          () -> select(rows(t, null), range("p_int", 0, c -> c > 0), "id", "p_int")));
      checks.add(check(name, "range p_date", "SELECT id, p_date FROM " + name
              + " WHERE p_date >= DATE '2000-01-01' ORDER BY id",
          () -> select(rows(t, null), range("p_date", LocalDate.of(2000, 1, 1), c -> c >= 0), "id",
              "p_date")));
      checks.add(check(name, "range p_tstz", "SELECT id, p_tstz FROM " + name
              + " WHERE p_tstz < CAST('2001-01-01 00:00:00+00:00' AS TIMESTAMP WITH TIME ZONE) ORDER BY id",
          () -> select(rows(t, null), range("p_tstz", OffsetDateTime.parse("2001-01-01T00:00:00Z"), c -> c < 0),
              "id", "p_tstz")));
    }
    for (String name : List.of("ident_bytes_no_source", "ident_bytes_control")) {
      identityChecks(checks, name, IDENT_BYTES_PARTITION_COLUMNS, IcebergLayouts::identBytesFilterValue);
    }
  }

  /** SELECT *, time travel, an aggregate over every partition column, and per column =, IS NULL, GROUP BY. */
  private static void identityChecks(List<Check> checks, String name, List<String> columns,
      Function<String, Object> filterValue) {
    LayoutTable t = lake.table(name);
    selectAllChecks(checks, t, Accept.EXACT);
    List<Agg> aggs = new ArrayList<>();
    aggs.add(countStar());
    for (String c : columns) {
      aggs.add(count(c));
      if (!c.equals("p_uuid")) { // DuckDB orders UUIDs by their text; Iceberg's comparator does not: not compared
        aggs.add(min(c));
        aggs.add(max(c));
      } else {
        aggs.add(countDistinct(c));
      }
    }
    checks.add(aggregate(t, "aggregate partition columns", null, aggs));
    Schema schema = t.table().schema();
    for (String c : columns) {
      Object value = filterValue.apply(c);
      Type type = schema.findType(c);
      checks.add(check(name, "where " + c, "SELECT id, " + c + " FROM " + name + " WHERE " + c + " = "
          + literal(type, value) + " ORDER BY id", () -> {
            IcebergReference.Rows rows = rows(t, null);
            return select(rows, eq(rows, c, value), "id", c);
          }));
      checks.add(check(name, "where " + c + " is null", "SELECT id FROM " + name + " WHERE " + c
          + " IS NULL ORDER BY id", () -> select(rows(t, null), r -> get(r, c) == null, "id")));
      checks.add(check(name, "group by " + c, "SELECT " + c + ", count(*), sum(v) FROM " + name + " GROUP BY " + c,
          () -> groupCountSum(rows(t, null), c, "v")));
    }
  }

  private static void identityEvolution(List<Check> checks) {
    String name = "ident_evolved";
    LayoutTable t = lake.table(name);
    selectAllChecks(checks, t, Accept.EXACT);
    checks.add(check(name, "where zone", "SELECT id, zone FROM ident_evolved WHERE zone = 'eu' ORDER BY id",
        () -> {
          IcebergReference.Rows rows = rows(t, null);
          return select(rows, eq(rows, "zone", "eu"), "id", "zone");
        }));
    checks.add(check(name, "where zone is null", "SELECT id FROM ident_evolved WHERE zone IS NULL ORDER BY id",
        () -> select(rows(t, null), r -> get(r, "zone") == null, "id")));
    checks.add(check(name, "group by zone", "SELECT zone, count(*), sum(v) FROM ident_evolved GROUP BY zone",
        () -> groupCountSum(rows(t, null), "zone", "v")));
    long s2 = t.snapshot(1);
    checks.add(check(name, "where region at snapshot 2", "SELECT id, region FROM ident_evolved FOR VERSION AS OF "
        + s2 + " WHERE region = 'apac' ORDER BY id", () -> {
          IcebergReference.Rows rows = rows(t, s2);
          return select(rows, eq(rows, "region", "apac"), "id", "region");
        }));
    checks.add(check(name, "group by region at snapshot 3", "SELECT region, count(*) FROM ident_evolved "
        + "FOR VERSION AS OF " + t.snapshot(2) + " GROUP BY region",
        () -> group(rows(t, t.snapshot(2)), "region", List.of(countStar()))));
  }

  private static void nameMapping(List<Check> checks) {
    LayoutTable t = lake.table("mapped");
    selectAllChecks(checks, t, Accept.EXACT);
    checks.add(check("mapped", "where full_name", "SELECT id, full_name FROM mapped WHERE full_name = 'bo' "
        + "ORDER BY id", () -> {
          IcebergReference.Rows rows = rows(t, null);
          return select(rows, eq(rows, "full_name", "bo"), "id", "full_name");
        }));
    checks.add(check("mapped", "where nested addr.town", "SELECT id, m.addr.street FROM mapped m "
        + "WHERE m.addr.town = 'Oslo' ORDER BY id", () -> {
          IcebergReference.Rows rows = rows(t, null);
          return select(rows, eq(rows, "addr.town", "Oslo"), "id", "addr.street");
        }));
    checks.add(check("mapped", "range score", "SELECT id, score FROM mapped WHERE score > 3 ORDER BY id",
        () -> select(rows(t, null), range("score", 3.0, c -> c > 0), "id", "score")));
    checks.add(aggregate(t, "aggregate", null, List.of(countStar(), count("full_name"), count("score"),
        min("score"), max("score"), count("note"), count("tags"), min("full_name"), max("full_name"))));
    checks.add(check("mapped", "where name at snapshot 2", "SELECT id, name, addr FROM mapped FOR VERSION AS OF "
        + t.snapshot(1) + " WHERE name = 'bo' ORDER BY id", () -> {
          IcebergReference.Rows rows = rows(t, t.snapshot(1));
          return select(rows, eq(rows, "name", "bo"), "id", "name", "addr");
        }));

    // The same nested-field SQL over a table in the usual layout: tells a layout failure from a SQL one.
    LayoutTable n = lake.table("nested_control");
    selectAllChecks(checks, n, Accept.EXACT);
    checks.add(check("nested_control", "where nested addr.town", "SELECT id, m.addr.street FROM nested_control m "
        + "WHERE m.addr.town = 'Oslo' ORDER BY id", () -> {
          IcebergReference.Rows rows = rows(n, null);
          return select(rows, eq(rows, "addr.town", "Oslo"), "id", "addr.street");
        }));
    checks.add(check("nested_control", "where nested s.b", "SELECT id, d.s.b FROM nested_control d "
        + "WHERE d.s.b = 'nested-default' ORDER BY id", () -> {
          IcebergReference.Rows rows = rows(n, null);
          return select(rows, eq(rows, "s.b", "nested-default"), "id", "s.b");
        }));

    LayoutTable u = lake.table("unmapped");
    // No field ids and no name mapping: the spec does not say how to read such files; the driver must answer
    // what Iceberg's reader answers (position-based fallback ids) or refuse the table with 0A000.
    selectAllChecks(checks, u, Accept.EXACT_OR_0A000);
    checks.add(check("unmapped", "where name", "SELECT id, name FROM unmapped WHERE name = 'n2' ORDER BY id", () -> {
      IcebergReference.Rows rows = rows(u, null);
      return select(rows, eq(rows, "name", "n2"), "id", "name");
    }, Accept.EXACT_OR_0A000));
    checks.add(aggregate(u, "aggregate", null, List.of(countStar(), count("name"), sum("qty"), max("qty")),
        Accept.EXACT_OR_0A000));
  }

  private static void defaults(List<Check> checks) {
    LayoutTable t = lake.table("defaults");
    selectAllChecks(checks, t, Accept.EXACT);
    checks.add(check("defaults", "where c_int = 42", "SELECT id, c_int FROM defaults WHERE c_int = 42 ORDER BY id",
        () -> select(rows(t, null), r -> Objects.equals(get(r, "c_int"), 42), "id", "c_int")));
    checks.add(check("defaults", "group by c_str", "SELECT c_str, count(*) FROM defaults GROUP BY c_str",
        () -> group(rows(t, null), "c_str", List.of(countStar()))));
    checks.add(aggregate(t, "aggregate", null, List.of(countStar(), count("c_int"), sum("c_int"), count("c_req"),
        sum("c_req"), min("c_date"), max("c_dec"), min("c_tstz"), count("c_bool"), min("c_bool"))));
    checks.add(check("defaults", "where nested s.b", "SELECT id, d.s.b FROM defaults d "
        + "WHERE d.s.b = 'nested-default' ORDER BY id", () -> {
          IcebergReference.Rows rows = rows(t, null);
          return select(rows, eq(rows, "s.b", "nested-default"), "id", "s.b");
        }));
  }

  private static void deletionVectors(List<Check> checks) {
    LayoutTable t = lake.table("dv");
    selectAllChecks(checks, t, Accept.EXACT);
    checks.add(aggregate(t, "count and sum", null, List.of(countStar(), sum("v"), min("id"), max("id"))));
    checks.add(check("dv", "group by cat", "SELECT cat, count(*), sum(v) FROM dv GROUP BY cat",
        () -> groupCountSum(rows(t, null), "cat", "v")));
    checks.add(check("dv", "where cat", "SELECT id, cat FROM dv WHERE cat = 'a' ORDER BY id", () -> {
      IcebergReference.Rows rows = rows(t, null);
      return select(rows, eq(rows, "cat", "a"), "id", "cat");
    }));
    for (int i = 0; i < t.snapshots().size() - 1; i++) {
      long s = t.snapshot(i);
      checks.add(aggregate(t, "count at snapshot " + (i + 1), s, List.of(countStar(), sum("v"))));
    }
    LayoutTable u = lake.table("dv_upgraded");
    selectAllChecks(checks, u, Accept.EXACT);
    checks.add(aggregate(u, "count", null, List.of(countStar(), sum("v"))));
  }

  private static void equalityDeletes(List<Check> checks) {
    LayoutTable t = lake.table("eq_deletes");
    selectAllChecks(checks, t, Accept.EXACT);
    checks.add(check("eq_deletes", "where id = 11", "SELECT id, name FROM eq_deletes WHERE id = 11 ORDER BY id",
        () -> select(rows(t, null), r -> Objects.equals(get(r, "id"), 11L), "id", "name")));
    // No row: the global delete's NULL key removed every older row whose name is NULL (ids 5 and 14).
    checks.add(check("eq_deletes", "where name is null", "SELECT id FROM eq_deletes WHERE name IS NULL ORDER BY id",
        () -> selectAllowingNoRows(rows(t, null), r -> get(r, "name") == null, "id")));
    checks.add(check("eq_deletes", "where name is null at snapshot 4", "SELECT id FROM eq_deletes FOR VERSION AS OF "
        + t.snapshot(3) + " WHERE name IS NULL ORDER BY id",
        () -> select(rows(t, t.snapshot(3)), r -> get(r, "name") == null, "id")));
    checks.add(check("eq_deletes", "group by region", "SELECT region, count(*), sum(v) FROM eq_deletes "
        + "GROUP BY region", () -> groupCountSum(rows(t, null), "region", "v")));
  }

  private static void types(List<Check> checks) {
    LayoutTable t = lake.table("types_v3");
    selectAllChecks(checks, t, Accept.EXACT);
    Schema schema = t.table().schema();
    // Filter values: row 1's (rows 1 and 5 share some of them).
    Record first = rows(t, null).records().stream().filter(r -> Objects.equals(r.getField("id"), 1L)).findFirst()
        .orElseThrow();
    for (String c : List.of("u", "fx16", "fx3", "t", "bin", "d38", "d38_0")) {
      Object value = first.getField(c);
      Type type = schema.findType(c);
      checks.add(check("types_v3", "where " + c, "SELECT id, " + c + " FROM types_v3 WHERE " + c + " = "
          + literal(type, value) + " ORDER BY id", () -> {
            IcebergReference.Rows rows = rows(t, null);
            return select(rows, eq(rows, c, value), "id", c);
          }));
      List<Agg> aggs = new ArrayList<>(List.of(count(c)));
      aggs.add(c.equals("u") ? countDistinct(c) : min(c));
      if (!c.equals("u")) {
        aggs.add(max(c));
      }
      checks.add(aggregate(t, "aggregate " + c, null, aggs));
    }
    LayoutTable ns = lake.table("types_ts_ns");
    selectAllChecks(checks, ns, Accept.EXACT);
    Object nanos = rows(ns, null).records().stream().filter(r -> Objects.equals(r.getField("id"), 1L)).findFirst()
        .orElseThrow().getField("ts_ns");
    checks.add(check("types_ts_ns", "where ts_ns", "SELECT id, ts_ns FROM types_ts_ns WHERE ts_ns = "
        + literal(ns.table().schema().findType("ts_ns"), nanos) + " ORDER BY id", () -> {
          IcebergReference.Rows rows = rows(ns, null);
          return select(rows, eq(rows, "ts_ns", nanos), "id", "ts_ns");
        }));
    checks.add(check("types_ts_ns", "range", "SELECT id, ts_ns FROM types_ts_ns "
        + "WHERE ts_ns > TIMESTAMP '2000-01-01 00:00:00' ORDER BY id", () -> select(rows(ns, null),
            range("ts_ns", LocalDateTime.of(2000, 1, 1, 0, 0), c -> c > 0), "id", "ts_ns")));
    checks.add(aggregate(ns, "aggregate", null, List.of(countStar(), count("ts_ns"), min("ts_ns"), max("ts_ns"))));
    checks.add(check("types_ts_ns", "group by", "SELECT ts_ns, count(*), sum(v) FROM types_ts_ns GROUP BY ts_ns",
        () -> groupCountSum(rows(ns, null), "ts_ns", "v")));
    checks.add(check("types_ts_ns", "other columns only", "SELECT id, v FROM types_ts_ns ORDER BY id",
        () -> select(rows(ns, null), r -> true, "id", "v")));

    checks.add(check("types_v3", "group by u", "SELECT u, count(*) FROM types_v3 GROUP BY u",
        () -> group(rows(t, null), "u", List.of(countStar()))));
    checks.add(check("types_v3", "sum d38", "SELECT sum(d38_0), sum(d38) FROM types_v3 WHERE id IN (1, 5, 6)", () -> {
      IcebergReference.Rows rows = rows(t, null);
      List<Record> some = rows.records().stream().filter(r -> Set.of(1L, 5L, 6L).contains(r.getField("id")))
          .toList();
      return new Answer(null, List.of(List.of(sum(some, "d38_0"), sum(some, "d38"))), true);
    }));

    // timestamptz_ns: DuckDB's TIMESTAMP WITH TIME ZONE has microseconds and DuckDB has no nanosecond variant of it,
    // so the driver may refuse the column with 0A000. Queries not touching it must work.
    LayoutTable n = lake.table("types_tstz_ns");
    selectAllChecks(checks, n, Accept.EXACT_OR_0A000);
    checks.add(check("types_tstz_ns", "range", "SELECT id, tstz_ns FROM types_tstz_ns WHERE tstz_ns > "
        + "CAST('2000-01-01 00:00:00+00:00' AS TIMESTAMP WITH TIME ZONE) ORDER BY id", () -> select(rows(n, null),
            range("tstz_ns", OffsetDateTime.parse("2000-01-01T00:00:00Z"), c -> c > 0), "id", "tstz_ns"),
        Accept.EXACT_OR_0A000));
    checks.add(aggregate(n, "aggregate", null, List.of(countStar(), count("tstz_ns"), min("tstz_ns"),
        max("tstz_ns")), Accept.EXACT_OR_0A000));
    checks.add(check("types_tstz_ns", "other columns only", "SELECT id FROM types_tstz_ns ORDER BY id",
        () -> select(rows(n, null), r -> true, "id")));

    LayoutTable u = lake.table("types_unknown");
    selectAllChecks(checks, u, Accept.EXACT);
    checks.add(aggregate(u, "aggregate", null, List.of(countStar(), count("unk"), sum("v"))));
    checks.add(check("types_unknown", "other columns only", "SELECT id, v FROM types_unknown ORDER BY id",
        () -> select(rows(u, null), r -> true, "id", "v")));
    checks.add(check("types_unknown", "where unk is null", "SELECT id FROM types_unknown WHERE unk IS NULL "
        + "ORDER BY id", () -> select(rows(u, null), r -> true, "id")));
  }

  private static void rowLineage(List<Check> checks) {
    LayoutTable t = lake.table("lineage");
    selectAllChecks(checks, t, Accept.EXACT);
    Schema withLineage = new Schema(t.table().schema().findField("id"), MetadataColumns.ROW_ID,
        MetadataColumns.LAST_UPDATED_SEQUENCE_NUMBER);
    checks.add(check("lineage", "row lineage columns", "SELECT id, _row_id, _last_updated_sequence_number "
        + "FROM lineage ORDER BY id", () -> sortedById(IcebergReference.read(t.table(), null, withLineage), true)));
    long s2 = t.snapshot(1);
    checks.add(check("lineage", "row lineage columns at snapshot 2", "SELECT id, _row_id, "
        + "_last_updated_sequence_number FROM lineage FOR VERSION AS OF " + s2 + " ORDER BY id",
        () -> sortedById(IcebergReference.read(t.table(), s2, withLineage), true)));
    checks.add(check("lineage", "filter and aggregate on _row_id", "SELECT count(*), min(_row_id), max(_row_id), "
        + "max(_last_updated_sequence_number) FROM lineage WHERE _row_id >= 4", () -> {
          IcebergReference.Rows all = IcebergReference.read(t.table(), null, withLineage);
          IcebergReference.Rows rows = new IcebergReference.Rows(all.schema(), all.records().stream()
              .filter(range("_row_id", 4L, c -> c >= 0)).toList());
          return new Answer(null, List.of(List.of(countStar().value().apply(rows),
              min("_row_id").value().apply(rows), max("_row_id").value().apply(rows),
              max("_last_updated_sequence_number").value().apply(rows))), true);
        }));
  }

  private static void metadataLayouts(List<Check> checks) {
    for (String name : List.of("meta_hadoop", "meta_gzip", "meta_catalog_names", "meta_catalog_gzip",
        "meta_stale_hint", "meta_hadoop_pinned", "meta_gzip_pinned", "meta_catalog_pinned")) {
      LayoutTable t = lake.table(name);
      selectAllChecks(checks, t, Accept.EXACT);
      checks.add(aggregate(t, "count", null, List.of(countStar(), count("name"), sum("v"))));
    }
    LayoutTable hadoop = lake.table("meta_hadoop");
    scan(checks, "meta_hadoop", "iceberg_scan table folder", hadoop.file("dir"), null);
    scan(checks, "meta_hadoop", "iceberg_scan v3.metadata.json", hadoop.file("metadata2"), null);
    scan(checks, "meta_hadoop", "iceberg_scan current metadata file", hadoop.file("metadata"), null);
    scan(checks, "meta_hadoop", "iceberg_scan folder snapshot_id", hadoop.file("dir"), hadoop.snapshot(0));
    LayoutTable gzip = lake.table("meta_gzip");
    scan(checks, "meta_gzip", "iceberg_scan v3.gz.metadata.json", gzip.file("metadata2"), null);
    scan(checks, "meta_gzip", "iceberg_scan table folder", gzip.file("dir"), null);
    LayoutTable named = lake.table("meta_catalog_names");
    scan(checks, "meta_catalog_names", "iceberg_scan 00002-uuid.metadata.json", named.file("metadata2"), null);
    LayoutTable namedGz = lake.table("meta_catalog_gzip");
    scan(checks, "meta_catalog_gzip", "iceberg_scan 00003-uuid.gz.metadata.json", namedGz.file("metadata3"),
        null);
    LayoutTable scanOnly = lake.table("scan_only");
    scan(checks, "scan_only", "iceberg_scan table folder under scan root", scanOnly.file("dir"), null);
    scan(checks, "scan_only", "iceberg_scan metadata file under scan root", scanOnly.file("metadata2"), null);
    scan(checks, "scan_only", "iceberg_scan snapshot_id under scan root", scanOnly.file("dir"),
        scanOnly.snapshot(1));

    // The directory catalog: tables four folders deep (lake/zone/raw/events, lake/zone/curated/orders).
    for (String name : List.of("lake.zone.raw.events", "lake.zone.curated.orders")) {
      LayoutTable t = lake.table(name);
      checks.add(new Check(name + ": select all", true, "SELECT * FROM " + name + " ORDER BY id",
          () -> sortedById(rows(t, null), true), Accept.EXACT));
      long s1 = t.snapshot(0);
      checks.add(new Check(name + ": select all at snapshot 1", true, "SELECT * FROM " + name
          + " FOR VERSION AS OF " + s1 + " ORDER BY id", () -> sortedById(rows(t, s1), true), Accept.EXACT));
      Table pinned = IcebergLayoutFiles.staticTable(t.file("metadata2"));
      checks.add(new Check(name + ": iceberg_scan metadata file", true, "SELECT * FROM iceberg_scan('"
          + t.file("metadata2") + "') ORDER BY id", () -> sortedById(IcebergReference.read(pinned, null, null),
          true), Accept.EXACT));
      checks.add(new Check(name + ": iceberg_scan table folder", true, "SELECT * FROM iceberg_scan('"
          + t.file("dir") + "') ORDER BY id", () -> sortedById(rows(t, null), true), Accept.EXACT));
    }
  }

  /** {@code SELECT * FROM iceberg_scan('<location>'[, snapshot_id => s]) ORDER BY id}. */
  private static void scan(List<Check> checks, String table, String what, String location, Long snapshot) {
    Table expected = location.endsWith(".metadata.json") ? IcebergLayoutFiles.staticTable(location)
        : lake.table(table).table();
    checks.add(check(table, what, "SELECT * FROM iceberg_scan('" + location + "'"
        + (snapshot == null ? "" : ", snapshot_id => " + snapshot) + ") ORDER BY id",
        () -> sortedById(IcebergReference.read(expected, snapshot, null), true)));
  }

  private static void paths(List<Check> checks) {
    for (String name : List.of("paths_file1", "paths_file3", "moved", "moved_dv")) {
      LayoutTable t = lake.table(name);
      selectAllChecks(checks, t, Accept.EXACT);
      checks.add(check(name, "where name", "SELECT id, name FROM " + name + " WHERE name = 'x' ORDER BY id", () -> {
        IcebergReference.Rows rows = rows(t, null);
        return select(rows, eq(rows, "name", "x"), "id", "name");
      }));
      checks.add(check(name, "group by name", "SELECT name, count(*), sum(v) FROM " + name + " GROUP BY name",
          () -> groupCountSum(rows(t, null), "name", "v")));
    }
    // Format v4 as Iceberg 1.12 writes it (Parquet manifests). The v4 spec is unfinished, so a reader may refuse
    // the version with 0A000; what it must not do is answer differently.
    LayoutTable v4 = lake.table("format_v4");
    selectAllChecks(checks, v4, Accept.EXACT_OR_0A000);
    checks.add(aggregate(v4, "count", null, List.of(countStar(), count("name"), sum("v")), Accept.EXACT_OR_0A000));
    // Copied without rewriting: the metadata names files under the deleted original folder. Iceberg's reader fails
    // (NotFoundException); so must the driver. Guessing the files' new place (DuckDB's allow_moved_paths) is not in
    // the spec and is not accepted here.
    checks.add(check("copied_stale", "select all", "SELECT * FROM copied_stale ORDER BY id",
        () -> new Answer(null, List.of(), true), Accept.ERROR));
  }

  /** SELECT * ORDER BY id at the current snapshot and at every earlier snapshot (time travel). */
  private static void selectAllChecks(List<Check> checks, LayoutTable t, Accept accept) {
    checks.add(check(t.name() == null ? "?" : t.name(), "select all", "SELECT * FROM " + t.name() + " ORDER BY id",
        () -> sortedById(rows(t, null), true), accept));
    for (int i = 0; i < t.snapshots().size() - 1; i++) {
      long s = t.snapshot(i);
      checks.add(check(t.name(), "select all at snapshot " + (i + 1), "SELECT * FROM " + t.name()
          + " FOR VERSION AS OF " + s + " ORDER BY id", () -> sortedById(rows(t, s), true), accept));
    }
  }

  // ==============================================================================================================
  // Running a check

  private static Check check(String table, String what, String sql, Expected expected) {
    return check(table, what, sql, expected, Accept.EXACT);
  }

  private static Check check(String table, String what, String sql, Expected expected, Accept accept) {
    return new Check(table + ": " + what, false, sql, expected, accept);
  }

  private static void run(Check c) throws Exception {
    Answer expected;
    try {
      expected = c.expected().get();
    } catch (RuntimeException e) {
      throw new IllegalStateException("TEST ERROR: Iceberg's reader could not compute the expected answer of "
          + c.name(), e);
    }
    if (Boolean.getBoolean("layouts.connectionPerQuery")) {
      // Diagnostics only (-Dlayouts.connectionPerQuery=true): each query on a fresh connection, to see what a
      // query does by itself when an earlier failure broke the shared connection. Not how the suite runs.
      try (Connection own = DriverManager.getConnection("jdbc:lakehouse:"
          + (c.directoryCatalog() ? lake.directoryCatalog() : lake.catalogFile()))) {
        compare(c, expected, own);
      }
      return;
    }
    Connection conn = c.directoryCatalog() ? directory : catalog;
    if (conn == null) {
      SQLException why = c.directoryCatalog() ? directoryFailure : catalogFailure;
      throw new AssertionError("the driver could not open the " + (c.directoryCatalog() ? "directory" : "catalog")
          + " connection: " + why.getSQLState() + " " + why.getMessage(), why);
    }
    compare(c, expected, conn);
  }

  private static void compare(Check c, Answer expected, Connection conn) {
    List<String> columns = new ArrayList<>();
    List<List<String>> rows;
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(c.sql())) {
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(md.getColumnLabel(i).toLowerCase(Locale.ROOT));
      }
      rows = CanonicalValues.rows(rs);
    } catch (SQLException e) {
      if (c.accept() == Accept.ERROR) {
        return;
      }
      if (c.accept() == Accept.EXACT_OR_0A000 && SqlState.NOT_SUPPORTED.is(e)) {
        return;
      }
      throw new AssertionError(c.name() + ": driver failed [" + e.getSQLState() + "] " + e.getMessage()
          + "\n  SQL: " + c.sql(), e);
    }
    if (c.accept() == Accept.ERROR) {
      fail(c.name() + ": expected an error (" + c.sql() + "), the driver answered " + rows.size() + " rows: "
          + rows);
    }
    if (expected.columns() != null) {
      assertEquals(expected.columns(), columns, c.name() + ": columns of " + c.sql());
    }
    List<List<String>> want = expected.rows();
    List<List<String>> got = rows;
    if (!expected.ordered()) {
      want = sortedRows(want);
      got = sortedRows(got);
    }
    assertEquals(want, got, c.name() + ": " + c.sql());
  }

  private static List<List<String>> sortedRows(List<List<String>> rows) {
    List<List<String>> out = new ArrayList<>(rows);
    out.sort(Comparator.comparing(Object::toString));
    return out;
  }

  // ==============================================================================================================
  // Expected answers from Iceberg's rows

  private static IcebergReference.Rows rows(LayoutTable t, Long snapshot) {
    return IcebergReference.read(t.table(), snapshot, null);
  }

  /** All columns, ordered by id; the column labels are the schema's names. */
  private static Answer sortedById(IcebergReference.Rows rows, boolean checkColumns) {
    List<Record> sorted = new ArrayList<>(rows.records());
    sorted.sort(Comparator.comparing(r -> (Long) r.getField("id")));
    if (sorted.isEmpty()) {
      throw new IllegalStateException("TEST ERROR: Iceberg reads no rows: the check would be vacuous");
    }
    List<List<String>> out = new ArrayList<>();
    for (Record r : sorted) {
      out.add(IcebergCanonical.row(rows.schema().asStruct(), r));
    }
    List<String> names = rows.schema().columns().stream().map(f -> f.name().toLowerCase(Locale.ROOT)).toList();
    return new Answer(checkColumns ? names : null, out, true);
  }

  /** The given column paths of the rows matching {@code where}, ordered by id; at least one row. */
  private static Answer select(IcebergReference.Rows rows, Predicate<Record> where, String... paths) {
    Answer a = selectAllowingNoRows(rows, where, paths);
    if (a.rows().isEmpty()) {
      throw new IllegalStateException("TEST ERROR: no row of Iceberg's matches: the check would be vacuous");
    }
    return a;
  }

  private static Answer selectAllowingNoRows(IcebergReference.Rows rows, Predicate<Record> where,
      String... paths) {
    List<Record> kept = new ArrayList<>(rows.records().stream().filter(where).toList());
    kept.sort(Comparator.comparing(r -> (Long) r.getField("id")));
    List<List<String>> out = new ArrayList<>();
    for (Record r : kept) {
      List<String> row = new ArrayList<>();
      for (String p : paths) {
        row.add(IcebergCanonical.value(rows.schema().findType(p), get(r, p)));
      }
      out.add(row);
    }
    return new Answer(null, out, true);
  }

  /** An aggregate: its SQL text and its value over Iceberg's rows. */
  record Agg(String sql, Function<IcebergReference.Rows, String> value) {}

  private static Agg countStar() {
    return new Agg("count(*)", rows -> String.valueOf(rows.records().size()));
  }

  private static Agg count(String c) {
    return new Agg("count(" + c + ")", rows -> String.valueOf(rows.records().stream().filter(r -> get(r, c) != null)
        .count()));
  }

  private static Agg countDistinct(String c) {
    return new Agg("count(DISTINCT " + c + ")", rows -> {
      Type type = rows.schema().findType(c);
      return String.valueOf(rows.records().stream().map(r -> get(r, c)).filter(Objects::nonNull)
          .map(v -> IcebergCanonical.value(type, v)).distinct().count());
    });
  }

  private static Agg min(String c) {
    return new Agg("min(" + c + ")", rows -> extreme(rows, c, -1));
  }

  private static Agg max(String c) {
    return new Agg("max(" + c + ")", rows -> extreme(rows, c, 1));
  }

  private static Agg sum(String c) {
    return new Agg("sum(" + c + ")", rows -> sum(rows.records(), c));
  }

  private static String extreme(IcebergReference.Rows rows, String c, int sign) {
    Object best = null;
    for (Record r : rows.records()) {
      Object v = get(r, c);
      if (v != null && (best == null || sign * compare(v, best) > 0)) {
        best = v;
      }
    }
    return IcebergCanonical.value(rows.schema().findType(c), best);
  }

  /** SQL sum: NULL over no non-null values; integers exact, decimals at their scale. */
  private static String sum(List<Record> records, String c) {
    BigDecimal total = null;
    for (Record r : records) {
      Object v = get(r, c);
      if (v != null) {
        BigDecimal d = v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
        total = total == null ? d : total.add(d);
      }
    }
    return total == null ? null : total.toPlainString();
  }

  /** {@code SELECT <aggs> FROM <table> [FOR VERSION AS OF s]}: one row. */
  private static Check aggregate(LayoutTable t, String what, Long snapshot, List<Agg> aggs) {
    return aggregate(t, what, snapshot, aggs, Accept.EXACT);
  }

  private static Check aggregate(LayoutTable t, String what, Long snapshot, List<Agg> aggs, Accept accept) {
    String sql = "SELECT " + String.join(", ", aggs.stream().map(Agg::sql).toList()) + " FROM " + t.name()
        + (snapshot == null ? "" : " FOR VERSION AS OF " + snapshot);
    return check(t.name(), what, sql, () -> {
      IcebergReference.Rows rows = rows(t, snapshot);
      return new Answer(null, List.of(aggs.stream().map(a -> a.value().apply(rows)).toList()), true);
    }, accept);
  }

  /** {@code SELECT <column>, count(*), sum(<sumColumn>) ... GROUP BY <column>}, unordered. */
  private static Answer groupCountSum(IcebergReference.Rows rows, String column, String sumColumn) {
    return group(rows, column, List.of(countStar(), sum(sumColumn)));
  }

  private static Answer group(IcebergReference.Rows rows, String column, List<Agg> aggs) {
    Type type = rows.schema().findType(column);
    Map<String, List<Record>> groups = new LinkedHashMap<>();
    for (Record r : rows.records()) {
      String key = IcebergCanonical.value(type, get(r, column));
      groups.computeIfAbsent(key == null ? "\u0000NULL" : key, k -> new ArrayList<>()).add(r);
    }
    List<List<String>> out = new ArrayList<>();
    for (Map.Entry<String, List<Record>> g : groups.entrySet()) {
      List<String> row = new ArrayList<>();
      row.add(g.getKey().equals("\u0000NULL") ? null : g.getKey());
      IcebergReference.Rows groupRows = new IcebergReference.Rows(rows.schema(), g.getValue());
      aggs.forEach(a -> row.add(a.value().apply(groupRows)));
      out.add(row);
    }
    return new Answer(null, out, false);
  }

  /** A value by column path ({@code addr.town}); null when any struct on the way is null. */
  private static Object get(Record r, String path) {
    Object cur = r;
    for (String part : path.split("\\.")) {
      if (cur == null) {
        return null;
      }
      cur = ((Record) cur).getField(part);
    }
    return cur;
  }

  /** SQL {@code =}: both non-null and the same value (compared in canonical form). */
  private static Predicate<Record> eq(IcebergReference.Rows rows, String path, Object value) {
    Type type = rows.schema().findType(path);
    String want = IcebergCanonical.value(type, value);
    return r -> {
      Object v = get(r, path);
      return v != null && Objects.equals(IcebergCanonical.value(type, v), want);
    };
  }

  /** SQL {@code <column> <op> <bound>}: false for NULL; {@code test} gets the comparison's sign. */
  private static Predicate<Record> range(String path, Object bound, java.util.function.IntPredicate test) {
    return r -> {
      Object v = get(r, path);
      return v != null && test.test(compare(v, bound));
    };
  }

  /** SQL ordering of two non-null generic values of one type: bytes unsigned, strings by code point. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    Objects.requireNonNull(a);
    Objects.requireNonNull(b);
    if (a instanceof ByteBuffer || a instanceof byte[]) {
      return Comparators.unsignedBytes().compare(buffer(a), buffer(b));
    }
    if (a instanceof CharSequence x) {
      return Comparators.charSequences().compare(x, (CharSequence) b);
    }
    if (a instanceof UUID) {
      return a.toString().compareTo(b.toString());
    }
    if (a instanceof Number x && b instanceof Number y && !(a instanceof BigDecimal)) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
    }
    return ((Comparable) a).compareTo(b);
  }

  private static ByteBuffer buffer(Object o) {
    return o instanceof ByteBuffer b ? b.duplicate() : ByteBuffer.wrap((byte[]) o);
  }

  /** A SQL literal for a generic value of an Iceberg type. */
  static String literal(Type type, Object v) {
    switch (type.typeId()) {
      case INTEGER:
      case LONG:
        return v.toString();
      case BOOLEAN:
        return ((Boolean) v) ? "TRUE" : "FALSE";
      case STRING:
        return "'" + v.toString().replace("'", "''") + "'";
      case DATE:
        return "DATE '" + v + "'";
      case DECIMAL: {
        Types.DecimalType d = (Types.DecimalType) type;
        return "CAST('" + ((BigDecimal) v).toPlainString() + "' AS DECIMAL(" + d.precision() + ", " + d.scale()
            + "))";
      }
      case TIME:
        return "TIME '" + IcebergCanonical.value(type, v) + "'";
      case TIMESTAMP:
      case TIMESTAMP_NANO: {
        String text = IcebergCanonical.value(type, v).replace('T', ' ');
        if (text.endsWith("Z")) {
          return "CAST('" + text.substring(0, text.length() - 1) + "+00:00' AS TIMESTAMP WITH TIME ZONE)";
        }
        return "TIMESTAMP '" + text + "'";
      }
      case UUID:
        return "CAST('" + v + "' AS UUID)";
      case BINARY:
      case FIXED:
        return "X'" + IcebergCanonical.value(type, v) + "'";
      default:
        throw new IllegalArgumentException("no literal for " + type);
    }
  }
}
