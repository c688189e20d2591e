package io.lakehouse.bench;

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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * Selective queries on DATE-partitioned tables (one data file per day, 1,000 days): the driver against the ideal,
 * plain DuckDB {@code read_parquet} over exactly the files that hold matching rows. Prints the planned files and the
 * medians. See bench/README.md ("PruningBenchmark").
 */
public final class PruningBenchmark {
  static final int DAYS = Integer.getInteger("days", 1000);
  static final int ROWS = Integer.getInteger("rows", 1000);
  static final int REPS = Integer.getInteger("reps", 7);
  static final LocalDate DAY0 = LocalDate.of(2021, 1, 1);
  private static final Pattern FILES = Pattern.compile("; (\\d+) files,");

  /** A query (one `?` at most, bound to param) and the days whose files hold its rows. */
  record Query(String label, String where, Object param, Predicate<LocalDate> days) {}

  static final List<Query> QUERIES = List.of(
      new Query("d = DATE '2023-03-15'", "d = DATE '2023-03-15'", null, d -> d.equals(LocalDate.of(2023, 3, 15))),
      new Query("d = '2023-03-15'", "d = '2023-03-15'", null, d -> d.equals(LocalDate.of(2023, 3, 15))),
      new Query("d = ? (LocalDate)", "d = ?", LocalDate.of(2023, 3, 15), d -> d.equals(LocalDate.of(2023, 3, 15))),
      new Query("d BETWEEN March 2023", "d BETWEEN DATE '2023-03-01' AND DATE '2023-03-31'", null,
          d -> d.getYear() == 2023 && d.getMonthValue() == 3),
      new Query("d >= '2023-09-01'", "d >= '2023-09-01'", null, d -> !d.isBefore(LocalDate.of(2023, 9, 1))),
      new Query("d IN (3 dates)", "d IN (DATE '2021-06-01', '2022-06-01', CAST('2023-06-01' AS DATE))", null,
          d -> d.equals(LocalDate.of(2021, 6, 1)) || d.equals(LocalDate.of(2022, 6, 1))
              || d.equals(LocalDate.of(2023, 6, 1))));

  private PruningBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-pruning").toAbsolutePath();
    ensureTables(dir);
    Map<String, List<Double>> times = new LinkedHashMap<>();
    Map<String, Integer> planned = new LinkedHashMap<>();
    try (Connection lakehouse = DriverManager.getConnection("jdbc:lakehouse:" + dir
            + "?time_zone=UTC&result_cache=false");
        Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      for (int rep = -1; rep < REPS; rep++) {
        for (String table : List.of("days_delta", "days_iceberg")) {
          List<String> all = ScanBenchmark.dataFiles(dir.resolve(table));
          for (Query q : QUERIES) {
            String key = table + "|" + q.label();
            List<String> ideal = all.stream().filter(f -> q.days().test(dayOf(f))).toList();
            long start = System.nanoTime();
            long driver = count(lakehouse, "SELECT count(*) FROM " + table + " WHERE " + q.where(), q.param());
            long driverNanos = System.nanoTime() - start;
            start = System.nanoTime();
            long raw = idealCount(duck, ideal);
            long rawNanos = System.nanoTime() - start;
            if (driver != raw || raw != (long) ideal.size() * ROWS) {
              throw new IllegalStateException(key + ": driver " + driver + ", ideal " + raw);
            }
            if (rep >= 0) {
              times.computeIfAbsent(key + "|driver", k -> new ArrayList<>()).add(driverNanos / 1e6);
              times.computeIfAbsent(key + "|ideal", k -> new ArrayList<>()).add(rawNanos / 1e6);
            } else {
              planned.put(key, plannedFiles(lakehouse, "SELECT count(*) FROM " + table + " WHERE " + q.where(),
                  q.param()));
              planned.put(key + "|ideal", ideal.size());
            }
          }
        }
      }
    }
    System.out.printf("%-36s %8s %8s %10s %10s %8s%n", "query (" + DAYS + " files, " + ROWS + " rows each)",
        "planned", "ideal", "driver ms", "ideal ms", "diff ms");
    for (String key : planned.keySet()) {
      if (key.endsWith("|ideal")) {
        continue;
      }
      double d = ScanBenchmark.median(times.get(key + "|driver"));
      double i = ScanBenchmark.median(times.get(key + "|ideal"));
      System.out.printf("%-36s %8d %8d %10.1f %10.1f %8.1f%n", key.replace("days_", "").replace("|", ": "),
          planned.get(key), planned.get(key + "|ideal"), d, i, d - i);
    }
  }

  /** The day a data file holds: both writers put it under {@code d=yyyy-MM-dd/}. */
  static LocalDate dayOf(String file) {
    Matcher m = Pattern.compile("d=(\\d{4}-\\d{2}-\\d{2})").matcher(file);
    if (!m.find()) {
      throw new IllegalStateException("no day in " + file);
    }
    return LocalDate.parse(m.group(1));
  }

  static long count(Connection c, String sql, Object param) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (param != null) {
        ps.setObject(1, param);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static long idealCount(Connection duck, List<String> files) throws SQLException {
    try (PreparedStatement ps = duck.prepareStatement(
        "SELECT count(*) FROM read_parquet(?, hive_partitioning = false)")) {
      ps.setArray(1, duck.createArrayOf("VARCHAR", files.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static int plannedFiles(Connection c, String sql, Object param) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
      if (param != null) {
        ps.setObject(1, param);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        Matcher m = FILES.matcher(rs.getString(1));
        if (!m.find()) {
          throw new IllegalStateException(rs.getString(1));
        }
        return Integer.parseInt(m.group(1));
      }
    }
  }

  static void ensureTables(Path dir) throws Exception {
    Path marker = dir.resolve(".days_" + DAYS + "_" + ROWS);
    if (Files.exists(marker)) {
      return;
    }
    ScanBenchmark.deleteTree(dir);
    Files.createDirectories(dir);
    DeltaTestWriter delta = DeltaTestWriter.create(dir.resolve("days_delta"),
        List.of(Col.of("id", "long"), Col.of("d", "date"), Col.of("qty", "int")), List.of("d"));
    Schema schema = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "d", Types.DateType.get()),
        Types.NestedField.optional(3, "qty", Types.IntegerType.get()));
    IcebergTestWriter iceberg = IcebergTestWriter.create(dir.resolve("days_iceberg"), schema,
        PartitionSpec.builderFor(schema).identity("d").build());
    int perAppend = 100;
    for (int first = 0; first < DAYS; first += perAppend) {
      List<Object[]> rows = new ArrayList<>();
      for (int day = first; day < Math.min(DAYS, first + perAppend); day++) {
        for (int i = 0; i < ROWS; i++) {
          rows.add(new Object[] {(long) day * ROWS + i, DAY0.plusDays(day), i % 97});
        }
      }
      delta.append(rows);
      iceberg.append(rows);
      System.out.println("written days " + first + ".." + Math.min(DAYS, first + perAppend));
    }
    Files.writeString(marker, "days=" + DAYS + " rows=" + ROWS + "\n");
  }
}
