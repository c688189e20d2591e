package io.lakehouse.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.Snapshot;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.utils.CloseableIterator;
import io.lakehouse.conformance.SparkFixtureCatalog;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.IcebergTestWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File skipping on tables Apache Spark wrote (target/spark-fixtures): Delta {@code partitioned_types}
 * (partitioned by {@code p_date DATE}, {@code p_string STRING}, with a NULL partition) and Iceberg
 * {@code identity_partitions} (identity partitions on int, bigint, string, date, boolean, decimal, timestamp, each
 * also NULL), in the session zone UTC. Each answer equals DuckDB's over all files (the same WHERE over a
 * sub-query), and the planned files are exactly the written files whose partition values match, read from the
 * table's own log / manifests.
 */
class FileSkippingSparkTablesTest {

  private record Case(String where, Predicate<Map<String, Object>> matches) {}

  private static boolean eq(Map<String, Object> p, String column, Object value) {
    return value.equals(p.get(column));
  }

  private static int cmp(Map<String, Object> p, String column, Comparable<Object> value) {
    return -Integer.signum(value.compareTo(p.get(column)));
  }

  @SuppressWarnings("unchecked")
  private static Comparable<Object> c(Object value) {
    return (Comparable<Object>) value;
  }

  /** Partition values of each data file of the Delta table's latest version, typed. */
  private static List<Map<String, Object>> deltaFiles(Path location) throws IOException {
    DeltaTestWriter table = DeltaTestWriter.open(location);
    Snapshot snapshot = table.snapshot();
    List<Map<String, Object>> files = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> batches = snapshot.getScanBuilder().build()
        .getScanFiles(table.engine())) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            Map<String, Object> values = new HashMap<>();
            InternalScanFileUtils.getPartitionValues(rows.next()).forEach((k, v) -> values.put(k,
                v == null ? null : k.equals("p_date") ? LocalDate.parse(v) : v));
            files.add(values);
          }
        }
      }
    }
    return files;
  }

  /** Partition values of each data file of the Iceberg table's current snapshot, typed. */
  private static List<Map<String, Object>> icebergFiles(Path location) throws IOException {
    Table table = IcebergTestWriter.open(location).table();
    List<Map<String, Object>> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        PartitionSpec spec = table.specs().get(file.specId());
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < spec.fields().size(); i++) {
          PartitionField field = spec.fields().get(i);
          Object v = file.partition().get(i, Object.class);
          String name = table.schema().findColumnName(field.sourceId());
          if (v != null && name.equals("p_date")) {
            v = LocalDate.ofEpochDay((Integer) v);
          } else if (v != null && name.equals("p_ts")) {
            v = Instant.EPOCH.plus((Long) v, ChronoUnit.MICROS);
          } else if (v instanceof CharSequence s) {
            v = s.toString();
          }
          values.put(name, v);
        }
        files.add(values);
      }
    }
    return files;
  }

  @Test
  void sparkWrittenPartitionsAreSkippedExactly(@TempDir Path dir) throws Exception {
    // The catalog of the fixtures as written (Iceberg metadata names absolute paths: use its locations).
    SparkFixtureCatalog fixtures = SparkFixtureCatalog.load(dir);
    Path delta = Path.of(fixtures.location("partitioned_types"));
    Path iceberg = Path.of(fixtures.location("identity_partitions"));
    assertTrue(Files.isDirectory(delta.resolve("_delta_log")), "Spark fixtures missing: " + delta);
    LocalDate jan1 = LocalDate.of(2024, 1, 1);
    LocalDate jan2 = LocalDate.of(2024, 1, 2);
    List<Case> deltaCases = List.of(
        new Case("p_date = DATE '2024-01-02'", p -> eq(p, "p_date", jan2)),
        new Case("p_date = '2024-01-02'", p -> eq(p, "p_date", jan2)),
        new Case("p_date = CAST('2024-01-02' AS DATE)", p -> eq(p, "p_date", jan2)),
        new Case("p_date >= '2024-01-02'", p -> p.get("p_date") != null && cmp(p, "p_date", c(jan2)) >= 0),
        new Case("p_date BETWEEN DATE '2024-01-01' AND DATE '2024-01-02'",
            p -> p.get("p_date") != null && cmp(p, "p_date", c(jan2)) <= 0 && cmp(p, "p_date", c(jan1)) >= 0),
        new Case("p_date IN ('2024-01-01', DATE '2024-01-03')",
            p -> eq(p, "p_date", jan1) || eq(p, "p_date", LocalDate.of(2024, 1, 3))),
        new Case("p_string = 'it''s'", p -> eq(p, "p_string", "it's")),
        new Case("p_string = 'Grüße 日本'", p -> eq(p, "p_string", "Grüße 日本")),
        new Case("p_string IS NULL", p -> p.get("p_string") == null),
        new Case("p_string > 'b'", p -> p.get("p_string") != null && cmp(p, "p_string", c("b")) > 0),
        new Case("p_date = DATE '2024-01-02' AND p_string IS NOT NULL",
            p -> eq(p, "p_date", jan2) && p.get("p_string") != null));
    List<Case> icebergCases = List.of(
        new Case("p_date = DATE '2024-01-01'", p -> eq(p, "p_date", jan1)),
        new Case("p_date < '2024-01-01'", p -> p.get("p_date") != null && cmp(p, "p_date", c(jan1)) < 0),
        new Case("p_ts >= TIMESTAMP '2024-01-01 10:00:00'", p -> p.get("p_ts") != null
            && cmp(p, "p_ts", c(Instant.parse("2024-01-01T10:00:00Z"))) >= 0),
        new Case("p_ts >= '2024-01-01 10:00:00+00'", p -> p.get("p_ts") != null
            && cmp(p, "p_ts", c(Instant.parse("2024-01-01T10:00:00Z"))) >= 0),
        new Case("p_dec = 1.25", p -> p.get("p_dec") != null && cmp(p, "p_dec", c(new BigDecimal("1.25"))) == 0),
        new Case("p_dec = '1.25'", p -> p.get("p_dec") != null && cmp(p, "p_dec", c(new BigDecimal("1.25"))) == 0),
        new Case("p_bool = false", p -> eq(p, "p_bool", false)),
        new Case("p_bool IS NULL", p -> p.get("p_bool") == null),
        new Case("p_string = 'a b'", p -> eq(p, "p_string", "a b")),
        new Case("p_bigint > 5000000000", p -> p.get("p_bigint") != null
            && (Long) p.get("p_bigint") > 5_000_000_000L),
        new Case("p_int IN (1, -5)", p -> eq(p, "p_int", 1) || eq(p, "p_int", -5)),
        new Case("p_string IS NULL", p -> p.get("p_string") == null));
    List<String> failures = new ArrayList<>();
    try (Connection c = fixtures.connect()) {
      check(c, "partitioned_types", deltaFiles(delta), deltaCases, failures);
      check(c, "identity_partitions", icebergFiles(iceberg), icebergCases, failures);
    }
    assertEquals(List.of(), failures);
  }

  private static void check(Connection c, String table, List<Map<String, Object>> files, List<Case> cases,
      List<String> failures) throws SQLException {
    assertEquals(files.size(), FileSkippingTypesTest.plannedFiles(c, "SELECT * FROM " + table), table);
    for (Case k : cases) {
      long expectedFiles = files.stream().filter(k.matches()).count();
      assertTrue(expectedFiles > 0 && expectedFiles < files.size(), table + ": " + k.where() + " selects "
          + expectedFiles + " of " + files.size() + " files: not a test of skipping");
      int planned = FileSkippingTypesTest.plannedFiles(c, "SELECT * FROM " + table + " WHERE " + k.where());
      if (planned != expectedFiles) {
        failures.add(table + ": " + k.where() + ": " + planned + " files planned, " + expectedFiles + " expected");
      }
      List<Long> answer = answer(c, "SELECT count(*), sum(id) FROM " + table + " WHERE " + k.where());
      List<Long> duckdb = answer(c, "SELECT count(*), sum(id) FROM (SELECT * FROM " + table + ") t WHERE "
          + k.where());
      if (!answer.equals(duckdb)) {
        failures.add(table + ": " + k.where() + ": answer " + answer + ", DuckDB over all files " + duckdb);
      }
    }
  }

  private static List<Long> answer(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      assertTrue(rs.next());
      return java.util.Arrays.asList(rs.getLong(1), rs.getObject(2) == null ? null : rs.getLong(2));
    }
  }
}
