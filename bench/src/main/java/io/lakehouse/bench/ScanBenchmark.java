package io.lakehouse.bench;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.IcebergTestWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * Driver vs raw DuckDB over the same Parquet files. Generates (or reuses) one table per format with the reference
 * writers, then measures, interleaved: planning (EXPLAIN), queries through {@code jdbc:lakehouse:} and the same
 * queries on plain {@code jdbc:duckdb:} over {@code read_parquet([all data files])}. See bench/README.md.
 *
 * <p>Options (system properties): {@code files} (1000), {@code rows} (10000000), {@code formats}
 * (iceberg,delta), {@code reps} (7). Argument: the data directory (default target/bench-data).
 */
public final class ScanBenchmark {
  static final int FILES = Integer.getInteger("files", 1000);
  static final long ROWS = Long.getLong("rows", 10_000_000L);
  static final int REPS = Integer.getInteger("reps", 7);
  static final List<String> FORMATS = List.of(System.getProperty("formats", "iceberg,delta").split(","));
  static final int CATEGORIES = 20;
  static final int DELTA_CHECKPOINT_INTERVAL = 10; // Delta's default delta.checkpointInterval
  static final Instant TS0 = Instant.parse("2024-01-01T00:00:00Z");

  static final Map<String, String> QUERIES = new LinkedHashMap<>();
  static {
    QUERIES.put("count", "SELECT count(*) FROM $t");
    QUERIES.put("group by category", "SELECT category, count(*), sum(amount) FROM $t GROUP BY category");
    QUERIES.put("id % 1000 = 7", "SELECT count(*) FROM $t WHERE id % 1000 = 7");
    QUERIES.put("point id = 123456", "SELECT id, category, amount, ts FROM $t WHERE id = 123456");
  }

  private static final Pattern PLANNED = Pattern.compile("(\\d+) files, .* planned in (\\d+) ms");

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-data").toAbsolutePath();
    System.out.printf("data: %s, %d files, %,d rows per table, formats %s, %d repetitions%n",
        dir, FILES, ROWS, FORMATS, REPS);
    for (String format : FORMATS) {
      ensureTable(dir, format);
    }
    run(dir);
  }

  // ---------------------------------------------------------------------------------------------- generation

  static String table(String format) {
    return "events_" + format;
  }

  /** Writes the table unless the directory already has one made with the same parameters. */
  static void ensureTable(Path dir, String format) throws IOException {
    ensureGenerated(dir, table(format), format, FILES, ROWS, "ScanBenchmark",
        format.equals("iceberg") ? ScanBenchmark::writeIceberg : ScanBenchmark::writeDelta);
  }

  /**
   * Runs {@code write} on {@code dir/name} unless a marker file ({@code .name.properties}) says the table there was
   * made with the same file and row counts; records the parameters and the generation time in the marker.
   */
  static void ensureGenerated(Path dir, String name, String label, int files, long rows, String benchmark,
      java.util.function.Consumer<Path> write) throws IOException {
    Path tableDir = dir.resolve(name);
    Path marker = dir.resolve("." + name + ".properties");
    Properties wanted = new Properties();
    wanted.setProperty("files", Integer.toString(files));
    wanted.setProperty("rows", Long.toString(rows));
    if (Files.exists(marker)) {
      Properties found = new Properties();
      try (Reader r = Files.newBufferedReader(marker)) {
        found.load(r);
      }
      if (wanted.getProperty("files").equals(found.getProperty("files"))
          && wanted.getProperty("rows").equals(found.getProperty("rows"))) {
        System.out.printf("%s: reusing %s (generated in %s s)%n", label, tableDir, found.getProperty("seconds"));
        return;
      }
    }
    Files.deleteIfExists(marker);
    deleteTree(tableDir);
    Files.createDirectories(dir);
    long start = System.nanoTime();
    write.accept(tableDir);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%s: generated %s in %.1f s%n", label, tableDir, seconds);
    wanted.setProperty("seconds", String.format("%.1f", seconds));
    try (Writer w = Files.newBufferedWriter(marker)) {
      wanted.store(w, benchmark + " table parameters");
    }
  }

  /** One append (= one commit, one data file) per file, as a stream of small appends would produce. */
  static void writeIceberg(Path tableDir) {
    Schema schema = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "category", Types.StringType.get()),
        Types.NestedField.optional(3, "amount", Types.DoubleType.get()),
        Types.NestedField.optional(4, "ts", Types.TimestampType.withZone()));
    IcebergTestWriter writer = IcebergTestWriter.create(tableDir, schema);
    for (int f = 0; f < FILES; f++) {
      writer.append(rowsOfFile(f));
      progress("iceberg", f);
    }
  }

  /** Same rows; a classic checkpoint every 10 commits, as Delta's default checkpoint interval would. */
  static void writeDelta(Path tableDir) {
    DeltaTestWriter writer = DeltaTestWriter.create(tableDir, List.of(
        new DeltaTestWriter.Col("id", "bigint", false),
        DeltaTestWriter.Col.of("category", "string"),
        DeltaTestWriter.Col.of("amount", "double"),
        DeltaTestWriter.Col.of("ts", "timestamp")));
    long version = 0;
    for (int f = 0; f < FILES; f++) {
      version = writer.append(rowsOfFile(f));
      if (version % DELTA_CHECKPOINT_INTERVAL == 0) {
        writer.checkpoint();
      }
      progress("delta", f);
    }
    if (version % DELTA_CHECKPOINT_INTERVAL != 0) {
      writer.checkpoint();
    }
  }

  /** File f holds the ids [f * ROWS / FILES, (f + 1) * ROWS / FILES): ids ascend across files. */
  static List<Object[]> rowsOfFile(int f) {
    long from = f * ROWS / FILES;
    long to = (f + 1) * ROWS / FILES;
    SplittableRandom random = new SplittableRandom(f);
    List<Object[]> rows = new ArrayList<>((int) (to - from));
    for (long id = from; id < to; id++) {
      rows.add(new Object[] {id, "category_" + random.nextInt(CATEGORIES),
          Math.round(random.nextDouble() * 100_000) / 100.0, TS0.plusSeconds(id)});
    }
    return rows;
  }

  static void progress(String format, int f) {
    if ((f + 1) % 100 == 0) {
      System.out.printf("  %s: %d/%d files%n", format, f + 1, FILES);
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }

  /** The table's data files: every Parquet file outside the metadata folders (both tables are append-only). */
  static List<String> dataFiles(Path tableDir) throws IOException {
    try (Stream<Path> s = Files.walk(tableDir)) {
      return s.filter(p -> p.toString().endsWith(".parquet"))
          .filter(p -> !tableDir.relativize(p).startsWith("_delta_log")
              && !tableDir.relativize(p).startsWith("metadata"))
          .map(Path::toString).sorted().toList();
    }
  }

  // ---------------------------------------------------------------------------------------------- measurement

  static void run(Path dir) throws Exception {
    String url = "jdbc:lakehouse:" + dir + "?result_cache=false";  // every query runs: no result-cache hits
    Map<String, List<Double>> times = new LinkedHashMap<>();
    Map<String, Integer> plannedFiles = new LinkedHashMap<>();
    try (Connection lakehouse = DriverManager.getConnection(url);
        Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      for (String format : FORMATS) {
        List<String> files = dataFiles(dir.resolve(table(format)));
        if (files.size() != FILES) {
          throw new IllegalStateException(format + ": expected " + FILES + " data files, found " + files.size());
        }
        StringBuilder list = new StringBuilder("[");
        for (String f : files) {
          list.append(list.length() > 1 ? ", " : "").append("'").append(f.replace("'", "''")).append("'");
        }
        try (Statement s = duck.createStatement()) {
          s.execute("CREATE VIEW " + table(format) + " AS SELECT * FROM read_parquet(" + list
              + "], hive_partitioning = false)");
        }
      }
      for (int rep = -1; rep < REPS; rep++) { // rep -1 warms up (JIT, page cache) and checks answers
        for (String format : FORMATS) {
          String t = table(format);
          long start = System.nanoTime();
          try (Connection c = DriverManager.getConnection(url)) {
            record(times, rep, format + "|connect", System.nanoTime() - start);
          }
          start = System.nanoTime();
          Matcher planned = null;
          try (Statement s = lakehouse.createStatement();
              ResultSet rs = s.executeQuery("EXPLAIN SELECT count(*) FROM " + t)) {
            while (rs.next()) {
              Matcher m = PLANNED.matcher(rs.getString(1));
              if (m.find()) {
                planned = m;
              }
            }
          }
          record(times, rep, format + "|explain", System.nanoTime() - start);
          if (planned == null) {
            throw new IllegalStateException("EXPLAIN printed no 'planned in N ms' line");
          }
          plannedFiles.put(format, Integer.parseInt(planned.group(1)));
          record(times, rep, format + "|plan", Long.parseLong(planned.group(2)) * 1_000_000);

          for (Map.Entry<String, String> q : QUERIES.entrySet()) {
            String sql = q.getValue().replace("$t", t);
            // Alternate who goes first, so neither side always gets the warmer cache.
            for (int side = 0; side < 2; side++) {
              boolean driver = (side + rep) % 2 == 0;
              start = System.nanoTime();
              String answer = answer(driver ? lakehouse : duck, sql);
              record(times, rep, format + "|" + q.getKey() + "|" + (driver ? "driver" : "raw"),
                  System.nanoTime() - start);
              if (rep == -1) {
                checkAnswer(format, q.getKey(), driver, answer);
              }
            }
          }
        }
      }
    }
    report(times, plannedFiles);
  }

  private static final Map<String, String> ANSWERS = new LinkedHashMap<>();

  /** Both sides must return the same rows (sorted, as text). */
  static void checkAnswer(String format, String query, boolean driver, String answer) {
    String key = format + "|" + query;
    String other = ANSWERS.putIfAbsent(key, answer);
    if (other != null && !other.equals(answer)) {
      throw new IllegalStateException(format + " '" + query + "': driver and raw DuckDB disagree:\n"
          + (driver ? "driver " + answer + "\nraw    " + other : "raw    " + answer + "\ndriver " + other));
    }
  }

  /** Runs the query, reads every row, and returns the rows as sorted text. */
  static String answer(Connection c, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          Object v = rs.getObject(i);
          // sum(double) may differ in the last bits with the summation order: compare rounded.
          row.append(v instanceof Double d ? String.format("%.4f", d) : String.valueOf(v)).append('|');
        }
        rows.add(row.toString());
      }
    }
    rows.sort(null);
    return rows.toString();
  }

  static void record(Map<String, List<Double>> times, int rep, String key, long nanos) {
    if (rep >= 0) {
      times.computeIfAbsent(key, k -> new ArrayList<>()).add(nanos / 1e6);
    }
  }

  static void report(Map<String, List<Double>> times, Map<String, Integer> plannedFiles) {
    System.out.printf("%nmedian (min) ms over %d repetitions; %d files, %,d rows per table; %d cores%n", REPS,
        FILES, ROWS, Runtime.getRuntime().availableProcessors());
    for (String format : FORMATS) {
      System.out.printf("%n%s: new connection %s, EXPLAIN %s, of which plan() %s (%d files planned)%n", format,
          stat(times.get(format + "|connect")), stat(times.get(format + "|explain")),
          stat(times.get(format + "|plan")), plannedFiles.get(format));
      System.out.printf("  %-20s %18s %18s %7s%n", "query", "driver", "raw duckdb", "ratio");
      for (String q : QUERIES.keySet()) {
        List<Double> d = times.get(format + "|" + q + "|driver");
        List<Double> r = times.get(format + "|" + q + "|raw");
        System.out.printf("  %-20s %18s %18s %6.2fx%n", q, stat(d), stat(r), median(d) / median(r));
      }
    }
  }

  static String stat(List<Double> xs) {
    return String.format("%8.1f (%6.1f)", median(xs), xs.stream().mapToDouble(Double::doubleValue).min().orElse(0));
  }

  static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }
}
