package io.lakehouse.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.security.PasswordHash;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * count(*), min and max answered from table metadata (Delta Kernel's add-action stats, Iceberg core's manifests):
 * each answer equals the same query forced through a scan (same column names, types and values) and the rows the
 * writers wrote; EXPLAIN says whether metadata answered; every inexact case falls back and still answers right.
 */
class MetadataAnswersTest {
  private static final LocalDate[] DAYS = {LocalDate.of(2023, 3, 14), LocalDate.of(2023, 3, 15),
      LocalDate.of(2023, 3, 16)};
  private static final String[] REGIONS = {"eu", "us", null};

  @TempDir
  static Path dir;
  /** id, qty, name, amount, d, region (Delta: partitioned by d, region). */
  private static final List<Object[]> deltaRows = new ArrayList<>();
  /** id, qty, name, ts, dec, amount, d, region (Iceberg: identity(region)). */
  private static final List<Object[]> icebergRows = new ArrayList<>();
  private static Connection connection;

  @BeforeAll
  static void write() throws Exception {
    DeltaTestWriter delta = DeltaTestWriter.create(dir.resolve("lake/dl"), List.of(Col.of("id", "long"),
        Col.of("qty", "int"), Col.of("name", "string"), Col.of("amount", "double"), Col.of("d", "date"),
        Col.of("region", "string")), List.of("d", "region"));
    IcebergTestWriter iceberg = IcebergTestWriter.create(dir.resolve("lake/ic"), new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "qty", Types.IntegerType.get()),
        Types.NestedField.optional(3, "name", Types.StringType.get()),
        Types.NestedField.optional(4, "ts", Types.TimestampType.withZone()),
        Types.NestedField.optional(5, "dec", Types.DecimalType.of(10, 2)),
        Types.NestedField.optional(6, "amount", Types.DoubleType.get()),
        Types.NestedField.optional(7, "d", Types.DateType.get()),
        Types.NestedField.optional(8, "region", Types.StringType.get())),
        PartitionSpec.builderFor(new Schema(
            Types.NestedField.optional(8, "region", Types.StringType.get()))).identity("region").build());
    long id = 0;
    for (int append = 0; append < 3; append++) {
      List<Object[]> d = new ArrayList<>();
      List<Object[]> i = new ArrayList<>();
      for (int r = 0; r < 30; r++, id++) {
        // The first append has no qty at all: those files' statistics say "all NULL".
        Integer qty = append == 0 ? null : (int) ((id * 7) % 50) - 10;
        String name = "n" + (id * 13 % 97);
        LocalDate day = DAYS[(int) (id % DAYS.length)];
        String region = REGIONS[(int) (id / 2 % REGIONS.length)];
        double amount = id * 1.5;
        d.add(new Object[] {id, qty, name, amount, day, region});
        i.add(new Object[] {id, qty, name, Instant.parse("2024-01-01T00:00:00Z").plusSeconds(id * 3_601L)
            .plusNanos(id * 1_000L), new BigDecimal(id + ".25"), amount, day, region});
      }
      delta.append(d);
      iceberg.append(i);
      deltaRows.addAll(d);
      icebergRows.addAll(i);
    }
    // A table with long strings: Iceberg keeps 16-character prefixes of them as bounds.
    IcebergTestWriter longNames = IcebergTestWriter.create(dir.resolve("lake/long_names"), new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "name", Types.StringType.get())), PartitionSpec.unpartitioned());
    longNames.append(List.of(new Object[] {1L, "a-string-much-longer-than-sixteen-characters"},
        new Object[] {2L, "b-string-much-longer-than-sixteen-characters-too"}));
    // Iceberg metrics modes per column: none (no counts, no bounds), counts (no bounds), full (long strings kept
    // whole), truncate(4) (strings shorter than 4 characters are exact).
    IcebergTestWriter modes = IcebergTestWriter.create(dir.resolve("lake/metrics_modes"), new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "qty", Types.IntegerType.get()),
        Types.NestedField.optional(3, "code", Types.StringType.get()),
        Types.NestedField.optional(4, "name", Types.StringType.get()),
        Types.NestedField.optional(5, "tag", Types.StringType.get())), PartitionSpec.unpartitioned());
    modes.table().updateProperties().set("write.metadata.metrics.column.qty", "none")
        .set("write.metadata.metrics.column.code", "counts").set("write.metadata.metrics.column.name", "full")
        .set("write.metadata.metrics.column.tag", "truncate(4)").commit();
    modes.append(List.of(new Object[] {1L, 5, "c1", "a-string-much-longer-than-sixteen-characters", "ab"},
        new Object[] {2L, 7, "c2", "b-string-much-longer-than-sixteen-characters", "abc"}));
    modes.append(List.<Object[]>of(new Object[] {3L, null, null, null, null}));
    // A column whose metrics mode was widened after a write: the old file's bounds are 2-character prefixes, which
    // look whole under the new truncate(16). The manifest does not say which mode wrote them.
    IcebergTestWriter widened = IcebergTestWriter.create(dir.resolve("lake/mode_widened"), new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "tag", Types.StringType.get())), PartitionSpec.unpartitioned());
    widened.table().updateProperties().set("write.metadata.metrics.column.tag", "truncate(2)").commit();
    widened.append(List.of(new Object[] {1L, "abcdef"}, new Object[] {2L, "abxyz"}));
    widened.table().updateProperties().set("write.metadata.metrics.column.tag", "truncate(16)").commit();
    widened.append(List.<Object[]>of(new Object[] {3L, "b"}));
    // Position deletes on a copy of the Iceberg table.
    IcebergTestWriter deleted = IcebergTestWriter.create(dir.resolve("lake/ic_del"), iceberg.table().schema(),
        PartitionSpec.unpartitioned());
    deleted.append(icebergRows);
    deleted.deleteWhereEquals("id", 5L);
    connection = DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("lake"));
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
  }

  private static long count(List<Object[]> rows, Predicate<Object[]> p) {
    return rows.stream().filter(p).count();
  }

  private static <T extends Comparable<T>> T min(List<Object[]> rows, int column, Function<Object, T> f,
      Predicate<Object[]> p) {
    return rows.stream().filter(p).map(r -> r[column]).filter(Objects::nonNull).map(f).min(Comparator.naturalOrder())
        .orElse(null);
  }

  private static <T extends Comparable<T>> T max(List<Object[]> rows, int column, Function<Object, T> f,
      Predicate<Object[]> p) {
    return rows.stream().filter(p).map(r -> r[column]).filter(Objects::nonNull).map(f).max(Comparator.naturalOrder())
        .orElse(null);
  }

  static List<Object> values(List<List<Object>> result) {
    assertEquals(2, result.size(), "one row: " + result);
    return result.get(1);
  }

  // ---- Delta (Kernel-written)

  @Test
  void deltaCountMinMaxFromStats() throws SQLException {
    Predicate<Object[]> all = r -> true;
    List<List<Object>> r = MetadataChecks.assertAnswered(connection, "SELECT count(*), min(id), max(id), min(qty), max(qty) FROM dl", "name");
    // Unnamed expressions are labelled by position, as Trino does (ColumnLabels).
    assertEquals(List.of("_col0 BIGINT -5", "_col1 BIGINT -5", "_col2 BIGINT -5",
        "_col3 INTEGER 4", "_col4 INTEGER 4"), r.get(0));
    assertEquals(List.of((long) deltaRows.size(), min(deltaRows, 0, o -> (Long) o, all),
        max(deltaRows, 0, o -> (Long) o, all), min(deltaRows, 1, o -> (Integer) o, all),
        max(deltaRows, 1, o -> (Integer) o, all)), values(r));
    // Aliases, count(1), qualified columns, partition columns' min / max from partition values.
    r = MetadataChecks.assertAnswered(connection, "SELECT count(1) AS n, min(t.d) AS first_day, max(d), max(t.region) FROM dl AS t", "name");
    assertEquals(List.of((long) deltaRows.size(), java.sql.Date.valueOf(DAYS[0]),
        java.sql.Date.valueOf(DAYS[DAYS.length - 1]), "us"), values(r));
  }

  @Test
  void deltaCountWherePartitionColumns() throws SQLException {
    LocalDate day = DAYS[1];
    List<List<Object>> r = MetadataChecks.assertAnswered(connection, "SELECT count(*) FROM dl WHERE d = DATE '" + day + "'", "name");
    assertEquals(List.of(count(deltaRows, x -> x[4].equals(day))), values(r));
    r = MetadataChecks.assertAnswered(connection, "SELECT count(*), min(id), max(qty) FROM dl WHERE d = '" + day + "' AND region = 'eu'",
        "name");
    Predicate<Object[]> p = x -> x[4].equals(day) && "eu".equals(x[5]);
    assertEquals(List.of(count(deltaRows, p), min(deltaRows, 0, o -> (Long) o, p),
        max(deltaRows, 1, o -> (Integer) o, p)), values(r));
    r = MetadataChecks.assertAnswered(connection, "SELECT count(*) FROM dl WHERE region IS NULL OR d BETWEEN DATE '2023-03-15' AND "
        + "DATE '2023-03-20'", "name");
    assertEquals(List.of(count(deltaRows, x -> x[5] == null || !x[4].equals(DAYS[0]))), values(r));
    r = MetadataChecks.assertAnswered(connection, "SELECT count(*) FROM dl WHERE region IN ('eu', 'us') AND NOT d <> ?", "name",
        java.sql.Date.valueOf(day));
    assertEquals(List.of(count(deltaRows, x -> x[5] != null && x[4].equals(day))), values(r));
    // No file matches: count 0, min / max NULL, as a scan says.
    r = MetadataChecks.assertAnswered(connection, "SELECT count(*), min(id), max(d) FROM dl WHERE d = DATE '1999-01-01'", "name");
    assertEquals(java.util.Arrays.asList(0L, null, null), values(r));
  }

  @Test
  void deltaFallsBackWhereStatsAreNotExact() throws SQLException {
    // Strings (truncated prefixes), doubles (NaN), a WHERE on a data column, other shapes.
    MetadataChecks.assertScanned(connection, "SELECT min(name) FROM dl", "no exact statistics of column name");
    MetadataChecks.assertScanned(connection, "SELECT max(amount) FROM dl", "no exact statistics of column amount");
    MetadataChecks.assertScanned(connection, "SELECT count(*) FROM dl WHERE qty > 3", "column qty");
    assertEquals(List.of(count(deltaRows, x -> x[1] != null && (int) x[1] > 3)),
        values(MetadataChecks.result(connection, "SELECT count(*) FROM dl WHERE qty > 3")));
    MetadataChecks.assertScanned(connection, "SELECT count(*) FROM dl GROUP BY region", null);
    MetadataChecks.assertScanned(connection, "SELECT count(DISTINCT id) FROM dl", null);
    MetadataChecks.assertScanned(connection, "SELECT count(qty) FROM dl", null);
    MetadataChecks.assertScanned(connection, "SELECT count(*) FROM dl WHERE d = DATE '2023-03-15' AND random() < 2", null);
    MetadataChecks.assertScanned(connection, "SELECT count(*) FROM dl LIMIT 1", null);
    assertEquals(List.of(deltaRows.stream().map(x -> (String) x[2]).min(Comparator.naturalOrder()).get()),
        values(MetadataChecks.result(connection, "SELECT min(name) FROM dl")));
  }

  // ---- Iceberg (core-written)

  @Test
  void icebergCountMinMaxFromManifests() throws SQLException {
    Predicate<Object[]> all = r -> true;
    List<List<Object>> r = MetadataChecks.assertAnswered(connection, "SELECT count(*), min(id), max(qty), min(dec), "
        + "max(dec), min(d), max(region) FROM ic", "amount");
    assertEquals(List.of((long) icebergRows.size(), min(icebergRows, 0, o -> (Long) o, all),
        max(icebergRows, 1, o -> (Integer) o, all), min(icebergRows, 4, o -> (BigDecimal) o, all),
        max(icebergRows, 4, o -> (BigDecimal) o, all), java.sql.Date.valueOf(DAYS[0]), "us"), values(r));
    // Strings of data files: scanned (bounds may be prefixes; see icebergMetricsModes); partition values answer.
    r = MetadataChecks.assertScanned(connection, "SELECT min(name), max(name) FROM ic", "column name");
    assertEquals(List.of(min(icebergRows, 2, o -> (String) o, all), max(icebergRows, 2, o -> (String) o, all)),
        values(r));
    // Timestamps with time zone: microsecond bounds, rendered in the session zone exactly as a scan renders them.
    r = MetadataChecks.assertAnswered(connection, "SELECT min(ts), max(ts) FROM ic", "amount");
    assertEquals(2, values(r).size());
    r = MetadataChecks.assertAnswered(connection, "SELECT count(*), max(id) FROM ic WHERE region = 'eu'", "amount");
    Predicate<Object[]> eu = x -> "eu".equals(x[7]);
    assertEquals(List.of(count(icebergRows, eu), max(icebergRows, 0, o -> (Long) o, eu)), values(r));
    r = MetadataChecks.assertAnswered(connection, "SELECT count(*) FROM ic WHERE region IS NULL", "amount");
    assertEquals(List.of(count(icebergRows, x -> x[7] == null)), values(r));
  }

  @Test
  void icebergFallsBack() throws SQLException {
    // Truncated string bounds, a non-partition WHERE, floating point.
    MetadataChecks.assertScanned(connection, "SELECT max(name) FROM long_names", "no exact statistics of column name");
    assertEquals(List.of("b-string-much-longer-than-sixteen-characters-too"),
        values(MetadataChecks.result(connection, "SELECT max(name) FROM long_names")));
    MetadataChecks.assertScanned(connection, "SELECT count(*) FROM ic WHERE d = DATE '2023-03-15'", "column d");
    MetadataChecks.assertScanned(connection, "SELECT min(amount) FROM ic", "no exact statistics of column amount");
    // Position deletes: the count is not the record count; time travel before the delete is exact again.
    List<List<Object>> r = MetadataChecks.assertScanned(connection, "SELECT count(*), max(id) FROM ic_del", "files with deletes");
    assertEquals(List.of((long) icebergRows.size() - 1, (long) icebergRows.size() - 1), values(r));
    long before = icebergSnapshotBeforeDelete();
    String old = "SELECT count(*), max(id) FROM ic_del FOR VERSION AS OF " + before;
    assertTrue(MetadataChecks.answered(MetadataChecks.explain(connection, old)), old);
    assertEquals(List.of((long) icebergRows.size(), (long) icebergRows.size() - 1),
        values(MetadataChecks.result(connection, old)));
  }

  @Test
  void icebergMetricsModes() throws SQLException {
    List<List<Object>> r = MetadataChecks.assertAnswered(connection, "SELECT count(*), max(id) FROM metrics_modes",
        "qty");
    assertEquals(List.of(3L, 3L), values(r));
    // String bounds never answer: whatever the mode says now, an earlier mode or another writer may have cut them.
    r = MetadataChecks.assertScanned(connection,
        "SELECT min(name), max(name), min(tag), max(tag) FROM metrics_modes", "no exact statistics of column");
    assertEquals(List.of("a-string-much-longer-than-sixteen-characters",
        "b-string-much-longer-than-sixteen-characters", "ab", "abc"), values(r));
    r = MetadataChecks.assertScanned(connection, "SELECT min(tag), max(tag) FROM mode_widened",
        "no exact statistics of column tag");
    assertEquals(List.of("abcdef", "b"), values(r));
    MetadataChecks.assertScanned(connection, "SELECT max(qty) FROM metrics_modes", "no exact statistics of column qty");
    MetadataChecks.assertScanned(connection, "SELECT min(code) FROM metrics_modes",
        "no exact statistics of column code");
  }

  private static long icebergSnapshotBeforeDelete() {
    IcebergTestWriter t = IcebergTestWriter.open(dir.resolve("lake/ic_del"));
    return t.table().currentSnapshot().parentId();
  }

  // ---- grants

  @Test
  void rowFiltersAndColumnGrantsNeverAnswerFromMetadata() throws Exception {
    Path catalog = dir.resolve("catalog.yaml");
    Files.writeString(catalog, """
        tables:
          dl: { format: delta, location: lake/dl }
        organizations:
          acme: { tables: [dl] }
        roles:
          eu_only: { grants: [ { select: dl, row_filter: "region = 'eu'" } ] }
          ids: { grants: [ { select: dl, columns: [id, d] } ] }
        principals:
          erin: { organization: acme, roles: [eu_only], password_hash: "%s" }
          ivan: { organization: acme, roles: [ids], password_hash: "%s" }
        """.formatted(PasswordHash.create("pw".toCharArray(), 1000), PasswordHash.create("pw".toCharArray(), 1000)));
    Properties erin = new Properties();
    erin.setProperty("user", "erin");
    erin.setProperty("password", "pw");
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog, erin)) {
      List<List<Object>> r = MetadataChecks.assertScanned(c, "SELECT count(*), max(id) FROM dl", null);
      Predicate<Object[]> eu = x -> "eu".equals(x[5]);
      assertEquals(List.of(count(deltaRows, eu), max(deltaRows, 0, o -> (Long) o, eu)), values(r));
    }
    Properties ivan = new Properties();
    ivan.setProperty("user", "ivan");
    ivan.setProperty("password", "pw");
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog, ivan)) {
      List<List<Object>> r = MetadataChecks.assertScanned(c, "SELECT count(*) FROM dl WHERE d = DATE '2023-03-15'", null);
      assertEquals(List.of(count(deltaRows, x -> x[4].equals(DAYS[1]))), values(r));
    }
  }
}
