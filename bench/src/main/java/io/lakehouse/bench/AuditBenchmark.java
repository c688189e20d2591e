package io.lakehouse.bench;

import io.lakehouse.config.AuditSettings;
import io.lakehouse.jdbc.LakehouseConnection;
import io.lakehouse.security.AuditLog;
import io.lakehouse.testing.DeltaTestWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the audit log costs a query: the same loop of cheap queries (where a fixed per-query cost shows most) through
 * connections whose catalogs differ only in {@code audit:}: off ({@code sink: none}), the default (SLF4J logger;
 * the driver ships slf4j-nop, so nothing is formatted), and the file sink. Each round opens one connection per
 * mode (before the clock starts) and runs the loop in slices, the modes alternating slice by slice so that the
 * machine's load drifts alike for all; it also times open + one query + close per mode. Then a burst: records
 * offered to a file sink with a small queue as fast as one thread can, to show the query-thread cost of a record,
 * the writer's throughput and that what does not fit is counted. See bench/README.md.
 *
 * <p>Options (system properties): {@code files} (20), {@code rows} (200000), {@code queries} (200 per round),
 * {@code reps} (7). Argument: the working directory (default target/bench-audit).
 */
public final class AuditBenchmark {
  static final int FILES = Integer.getInteger("files", 20);
  static final long ROWS = Long.getLong("rows", 200_000L);
  static final int QUERIES = Integer.getInteger("queries", 200);
  static final int REPS = Integer.getInteger("reps", 7);
  static final int BURST = Integer.getInteger("burst", 200_000);
  static final int SLICES = 10;

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-audit").toAbsolutePath();
    Path table = dir.resolve("events");
    ScanBenchmark.deleteTree(dir);
    Files.createDirectories(dir);
    DeltaTestWriter writer = DeltaTestWriter.create(table, List.of(
        new DeltaTestWriter.Col("id", "bigint", false),
        DeltaTestWriter.Col.of("category", "string"),
        DeltaTestWriter.Col.of("amount", "double"),
        DeltaTestWriter.Col.of("ts", "timestamp")));
    for (int f = 0; f < FILES; f++) {
      writer.append(rowsOfFile(f));
    }
    writer.checkpoint();
    Map<String, Path> catalogs = new LinkedHashMap<>();
    catalogs.put("off", catalog(dir, "off", "audit: { sink: none }\n"));
    catalogs.put("slf4j (default)", catalog(dir, "default", ""));
    catalogs.put("file", catalog(dir, "file", "audit: { sink: file, path: audit/audit.jsonl, max_bytes: 1GB }\n"));
    System.out.printf("audit benchmark: %d files, %,d rows, %d queries per round, %d rounds, %s%n", FILES, ROWS,
        QUERIES, REPS, dir);

    Map<String, List<Double>> perQuery = new LinkedHashMap<>();
    Map<String, List<Double>> connect = new LinkedHashMap<>();
    catalogs.keySet().forEach(k -> perQuery.put(k, new ArrayList<>()));
    catalogs.keySet().forEach(k -> connect.put(k, new ArrayList<>()));
    List<String> modes = new ArrayList<>(catalogs.keySet());
    long lost = 0;
    for (int rep = -1; rep < REPS; rep++) {  // round -1 warms up
      for (String mode : modes) {
        // Open + one query + close, alone on its sink: the file is opened, the writer started, drained, stopped.
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalogs.get(mode)
            + "?result_cache=false");
            Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
          rs.next();
        }
        if (rep >= 0) {
          connect.get(mode).add((System.nanoTime() - t0) / 1e6);
        }
      }
      // The loop in slices, modes alternating slice by slice, so that the machine's load drifts alike for all.
      Map<String, Connection> open = new LinkedHashMap<>();
      Map<String, Long> nanos = new LinkedHashMap<>();
      try {
        for (String mode : modes) {
          open.put(mode, DriverManager.getConnection("jdbc:lakehouse:" + catalogs.get(mode) + "?result_cache=false"));
          nanos.put(mode, 0L);
        }
        for (int slice = 0; slice < SLICES; slice++) {
          Collections.rotate(modes, 1);
          for (String mode : modes) {
            nanos.merge(mode, loop(open.get(mode), QUERIES / SLICES), Long::sum);
          }
        }
      } finally {
        for (Connection c : open.values()) {
          lost += c.unwrap(LakehouseConnection.class).auditRecordsLost();
          c.close();
        }
      }
      if (rep >= 0) {
        for (String mode : modes) {
          perQuery.get(mode).add(nanos.get(mode) / 1e3 / (QUERIES / SLICES * SLICES));
        }
      }
    }
    long lines = Files.readAllLines(dir.resolve("audit/audit.jsonl")).size();
    double off = median(perQuery.get("off"));
    double connectOff = median(connect.get("off"));
    System.out.printf("%-18s %12s %12s %8s %18s %8s%n", "mode", "median us/q", "min us/q", "vs off",
        "connect+close ms", "vs off");
    for (Map.Entry<String, List<Double>> e : perQuery.entrySet()) {
      double m = median(e.getValue());
      double cm = median(connect.get(e.getKey()));
      System.out.printf("%-18s %12.1f %12.1f %7.3fx %18.1f %7.3fx%n", e.getKey(), m, Collections.min(e.getValue()),
          m / off, cm, cm / connectOff);
    }
    long executions = (REPS + 1) * (QUERIES / SLICES * SLICES + 1L);
    System.out.printf("file sink: %d lines for %d executions, %d records lost%n", lines, executions, lost);
    openClose(dir);
    double offerNanos = burst(dir);
    System.out.printf("query-thread cost of one record: %.1f us = %.3f%% of the median query with audit off%n",
        offerNanos / 1e3, offerNanos / 1e3 / off * 100);
  }

  /** The query loop: a point lookup with a parameter and a small aggregate, alternately; nanoseconds. */
  static long loop(Connection c, int queries) throws Exception {
    long start = System.nanoTime();
    try (PreparedStatement point = c.prepareStatement("SELECT id, category, amount FROM events WHERE id = ?");
        Statement s = c.createStatement()) {
      for (int q = 0; q < queries; q++) {
        ResultSet rs;
        if (q % 2 == 0) {
          point.setLong(1, (q * 7919L) % ROWS);
          rs = point.executeQuery();
        } else {
          rs = s.executeQuery("SELECT category, count(*) FROM events WHERE id < " + (q * 1000) + " GROUP BY 1");
        }
        while (rs.next()) {
          rs.getObject(1);
        }
        rs.close();
      }
    }
    return System.nanoTime() - start;
  }

  /**
   * The audit log's own share of connect + close when the connection is alone on its sink: open the file, start
   * the writer, write one record, drain, stop the writer, close the file.
   */
  static void openClose(Path dir) throws Exception {
    AuditSettings file = new AuditSettings(AuditSettings.Sink.FILE, dir.resolve("open/audit.jsonl"), 1L << 30,
        2, true, AuditSettings.DEFAULT_QUEUE, AuditSettings.DEFAULT_LOGGER);
    for (AuditSettings settings : List.of(file, AuditSettings.DEFAULT)) {
      int n = 200;
      List<Double> ms = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        AuditLog log = AuditLog.open(settings, "bench", null);
        log.begin("SELECT 1").finish(1);
        log.close();
        ms.add((System.nanoTime() - t0) / 1e6);
      }
      System.out.printf("%s sink: open + 1 record + close, alone on the sink: median %.2f ms (min %.2f) over %d%n",
          settings.sink().name().toLowerCase(java.util.Locale.ROOT), median(ms), Collections.min(ms), n);
    }
  }

  /** Records offered back to back by one thread to a file sink with a 1,024-record queue. */
  static double burst(Path dir) throws Exception {
    Path file = dir.resolve("burst/audit.jsonl");
    AuditSettings settings = new AuditSettings(AuditSettings.Sink.FILE, file, 1L << 30, 2, true, 1024,
        AuditSettings.DEFAULT_LOGGER);
    AuditLog log = AuditLog.open(settings, "bench", null);
    String sql = "SELECT id, category, amount FROM events WHERE id = 123456 AND category = 'category_7'";
    long start = System.nanoTime();
    for (int i = 0; i < BURST; i++) {
      log.begin(sql).finish(1);
    }
    double offerNanos = (System.nanoTime() - start) / (double) BURST;
    long dropped = log.recordsLost();
    log.close();
    double seconds = (System.nanoTime() - start) / 1e9;
    long written = 0;
    long reported = 0;
    for (String line : Files.readAllLines(file)) {
      written++;
      int at = line.indexOf("\"dropped_before\":");
      if (at >= 0) {
        reported += Long.parseLong(line.substring(at + 17).replaceAll("[^0-9].*", ""));
      }
    }
    System.out.printf("burst: %,d records offered at %.0f ns each (never blocking), %,d written, %,d dropped "
        + "(%,d reported in dropped_before), %,.0f lines/s written%n", BURST, offerNanos, written, dropped,
        reported, written / seconds);
    return offerNanos;
  }

  static Path catalog(Path dir, String name, String audit) throws Exception {
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(f, "tables:\n  events: { format: delta, location: events }\n" + audit);
    return f;
  }

  static List<Object[]> rowsOfFile(int f) {
    long from = f * ROWS / FILES;
    long to = (f + 1) * ROWS / FILES;
    List<Object[]> rows = new ArrayList<>((int) (to - from));
    for (long id = from; id < to; id++) {
      rows.add(new Object[] {id, "category_" + (id % 20), (id % 10_000) / 100.0,
          ScanBenchmark.TS0.plusSeconds(id)});
    }
    return rows;
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
