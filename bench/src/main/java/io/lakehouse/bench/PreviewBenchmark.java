package io.lakehouse.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * What an IDE's data grid costs: the first rows and all rows of a 200-row preview ({@code setMaxRows(200)}) of the
 * 10M-row bench tables, against the same query written with {@code LIMIT 200} and against a full scan's first row
 * (streamed); and an unpooled connect + preview + close. Every repetition opens its own statement on one warm
 * connection with the result cache off (a cache hit would time the cache, not the engine); the unpooled lines open
 * a new connection each time, with the cache off and on (the default; after the warm-up every preview is a hit).
 * See bench/README.md.
 *
 * <p>Argument: the data directory holding {@code events_delta} and {@code events_iceberg} (LakehouseBenchmark
 * writes them; default target/bench-data). Options: {@code reps} (15), {@code warmup} (3), {@code maxRows} (200).
 */
public final class PreviewBenchmark {
  static final int REPS = Integer.getInteger("reps", 15);
  static final int WARMUP = Integer.getInteger("warmup", 3);
  static final int MAX_ROWS = Integer.getInteger("maxRows", 200);

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "target/bench-data").toAbsolutePath();
    Path work = Files.createTempDirectory("preview-bench");
    Path catalog = work.resolve("catalog.yaml");
    Files.writeString(catalog, "tables:\n  events_delta: { format: delta, location: " + data.resolve("events_delta")
        + " }\n  events_iceberg: { format: iceberg, location: " + data.resolve("events_iceberg") + " }\n");
    String url = "jdbc:lakehouse:" + catalog;
    System.out.printf("%d repetitions after %d warm-up; median / p90 / min ms; %s%n", REPS, WARMUP, data);
    try (Connection c = DriverManager.getConnection(url + "?result_cache=false")) {
      for (String table : new String[] {"events_delta", "events_iceberg"}) {
        String all = "SELECT * FROM " + table;
        ConnectionBenchmark.run(table + ": setMaxRows first row", () -> firstRow(c, all, MAX_ROWS, false),
            WARMUP, REPS);
        ConnectionBenchmark.run(table + ": setMaxRows all rows", () -> firstRow(c, all, MAX_ROWS, true),
            WARMUP, REPS);
        ConnectionBenchmark.run(table + ": LIMIT all rows", () -> firstRow(c, all + " LIMIT " + MAX_ROWS, 0, true),
            WARMUP, REPS);
        ConnectionBenchmark.run(table + ": no limit, first row", () -> firstRow(c, all, 0, false), WARMUP, REPS);
        ConnectionBenchmark.run(table + ": ORDER BY + setMaxRows, all",
            () -> firstRow(c, all + " ORDER BY ts DESC", MAX_ROWS, true), 1, Math.max(3, REPS / 3));
      }
    }
    for (String table : new String[] {"events_delta", "events_iceberg"}) {
      for (String cache : new String[] {"?result_cache=false", ""}) {
        ConnectionBenchmark.run(table + ": unpooled connect+preview+close" + (cache.isEmpty() ? ", cache hit" : ""),
            () -> {
              try (Connection c = DriverManager.getConnection(url + cache)) {
                firstRow(c, "SELECT * FROM " + table, MAX_ROWS, true);
              }
            }, WARMUP, REPS);
      }
    }
  }

  /** Runs the query and reads its first row (or all of them); fails on a wrong row count. */
  private static void firstRow(Connection c, String sql, int maxRows, boolean all) throws Exception {
    try (Statement s = c.createStatement()) {
      s.setMaxRows(maxRows);
      try (ResultSet rs = s.executeQuery(sql)) {
        if (!rs.next()) {
          throw new IllegalStateException("no rows: " + sql);
        }
        if (all) {
          int n = 1;
          while (rs.next()) {
            n++;
          }
          if (n != MAX_ROWS) {
            throw new IllegalStateException(n + " rows, expected " + MAX_ROWS + ": " + sql);
          }
        }
      }
    }
  }

  private PreviewBenchmark() {}
}
