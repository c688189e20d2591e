package io.lakehouse.bench;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.IcebergTestWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * Aggregates answered from table metadata (Delta stats, Iceberg manifests) against the same queries forced through
 * a scan by the driver, and against plain DuckDB over all the table's files. Tables: {@code files} data files, one
 * per DATE partition value, {@code rows} rows in all (columns id BIGINT, qty INTEGER, d DATE).
 */
public final class MetadataAnswerBenchmark {
  static final int FILES = Integer.getInteger("files", 1000);
  static final long ROWS = Long.getLong("rows", 2_000_000L);
  static final int REPS = Integer.getInteger("reps", 7);
  static final LocalDate DAY0 = LocalDate.of(2023, 1, 1);

  /** label → {driver query, raw DuckDB query or null}; $t is the table, the forced scan adds a data predicate. */
  static final Map<String, String[]> QUERIES = new LinkedHashMap<>();

  static {
    QUERIES.put("count(*)", new String[] {"SELECT count(*) FROM $t", "SELECT count(*) FROM $t"});
    QUERIES.put("min/max(id)", new String[] {"SELECT min(id), max(id) FROM $t", "SELECT min(id), max(id) FROM $t"});
    QUERIES.put("count WHERE d =", new String[] {"SELECT count(*) FROM $t WHERE d = DATE '2023-03-15'", null});
    QUERIES.put("count, max WHERE d range", new String[] {"SELECT count(*), max(qty) FROM $t WHERE d BETWEEN "
        + "DATE '2023-02-01' AND DATE '2023-02-28'", null});
  }

  private MetadataAnswerBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-data/metadata").toAbsolutePath();
    String marker = FILES + " files, " + ROWS + " rows";
    Path markerFile = dir.resolve(".generated");
    if (!Files.exists(markerFile) || !Files.readString(markerFile).equals(marker)) {
      ScanBenchmark.deleteTree(dir);
      write(dir);
      Files.writeString(markerFile, marker);
    }
    run(dir);
  }

  static void write(Path dir) {
    long perFile = ROWS / FILES;
    DeltaTestWriter delta = DeltaTestWriter.create(dir.resolve("md_delta"), List.of(
        DeltaTestWriter.Col.of("id", "long"), DeltaTestWriter.Col.of("qty", "int"),
        DeltaTestWriter.Col.of("d", "date")), List.of("d"));
    Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "qty", Types.IntegerType.get()),
        Types.NestedField.optional(3, "d", Types.DateType.get()));
    IcebergTestWriter iceberg = IcebergTestWriter.create(dir.resolve("md_iceberg"), schema,
        PartitionSpec.builderFor(schema).identity("d").build());
    int perCommit = 100;
    for (int first = 0; first < FILES; first += perCommit) {
      List<Object[]> rows = new ArrayList<>();
      for (int f = first; f < Math.min(FILES, first + perCommit); f++) {
        for (long r = 0; r < perFile; r++) {
          long id = f * perFile + r;
          rows.add(new Object[] {id, (int) (id % 1000), DAY0.plusDays(f)});
        }
      }
      delta.append(rows);
      iceberg.append(rows);
      System.out.printf("  written %d/%d files per table%n", Math.min(FILES, first + perCommit), FILES);
    }
  }

  static String forced(String query) {
    String always = "(id IS NULL OR id IS NOT NULL)";
    int where = query.indexOf(" WHERE ");
    return where < 0 ? query + " WHERE " + always
        : query.substring(0, where) + " WHERE " + always + " AND (" + query.substring(where + 7) + ")";
  }

  static void run(Path dir) throws Exception {
    Map<String, List<Double>> times = new LinkedHashMap<>();
    List<String> formats = List.of("delta", "iceberg");
    try (Connection lakehouse = DriverManager.getConnection("jdbc:lakehouse:" + dir + "?result_cache=false");
        Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      for (String format : formats) {
        StringBuilder list = new StringBuilder("[");
        for (String f : ScanBenchmark.dataFiles(dir.resolve("md_" + format))) {
          list.append(list.length() > 1 ? ", " : "").append("'").append(f.replace("'", "''")).append("'");
        }
        try (Statement s = duck.createStatement()) {
          s.execute("CREATE VIEW md_" + format + " AS SELECT * FROM read_parquet(" + list
              + "], hive_partitioning = false)");
        }
      }
      for (int rep = -1; rep < REPS; rep++) {
        for (String format : formats) {
          String t = "md_" + format;
          for (Map.Entry<String, String[]> q : QUERIES.entrySet()) {
            String sql = q.getValue()[0].replace("$t", t);
            if (rep == -1) {
              check(lakehouse, sql);
            }
            long start = System.nanoTime();
            String metadata = ScanBenchmark.answer(lakehouse, sql);
            ScanBenchmark.record(times, rep, format + "|" + q.getKey() + "|metadata", System.nanoTime() - start);
            start = System.nanoTime();
            String scan = ScanBenchmark.answer(lakehouse, forced(sql));
            ScanBenchmark.record(times, rep, format + "|" + q.getKey() + "|scan", System.nanoTime() - start);
            if (!metadata.equals(scan)) {
              throw new IllegalStateException(sql + ": metadata " + metadata + " but scan " + scan);
            }
            if (q.getValue()[1] != null) {
              start = System.nanoTime();
              String raw = ScanBenchmark.answer(duck, q.getValue()[1].replace("$t", t));
              ScanBenchmark.record(times, rep, format + "|" + q.getKey() + "|raw", System.nanoTime() - start);
              if (!raw.equals(metadata)) {
                throw new IllegalStateException(sql + ": metadata " + metadata + " but raw DuckDB " + raw);
              }
            }
          }
        }
      }
    }
    System.out.printf("%nmedian (min) ms over %d repetitions; %d files (one per DATE partition), %,d rows per table;"
        + " %d cores%n", REPS, FILES, ROWS, Runtime.getRuntime().availableProcessors());
    for (String format : formats) {
      System.out.printf("%n%s%n  %-26s %18s %18s %18s%n", format, "query", "from metadata", "driver scan",
          "raw duckdb");
      for (String q : QUERIES.keySet()) {
        List<Double> raw = times.get(format + "|" + q + "|raw");
        System.out.printf("  %-26s %18s %18s %18s%n", q, ScanBenchmark.stat(times.get(format + "|" + q + "|metadata")),
            ScanBenchmark.stat(times.get(format + "|" + q + "|scan")), raw == null ? "-" : ScanBenchmark.stat(raw));
      }
    }
  }

  /** The query must be answered from metadata, and its forced twin must not. */
  static void check(Connection c, String sql) throws Exception {
    if (!explain(c, sql).contains("  answered from metadata: ") || explain(c, forced(sql)).contains(
        "  answered from metadata: ")) {
      throw new IllegalStateException("not answered from metadata as expected: " + sql + "\n" + explain(c, sql));
    }
  }

  static String explain(Connection c, String sql) throws Exception {
    StringBuilder out = new StringBuilder();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
      while (rs.next()) {
        out.append(rs.getString(1)).append('\n');
      }
    }
    return out.toString();
  }
}
