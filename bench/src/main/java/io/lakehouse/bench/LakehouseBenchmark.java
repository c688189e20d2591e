package io.lakehouse.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 11's benchmark: the driver against raw DuckDB over the same files and against the ideal (DuckDB over only
 * the files that hold matching rows), planning at 1,000 / 10,000 / 100,000 files with heap, and connection time.
 * See bench/README.md for the command and the options ({@link BenchOptions}).
 */
public final class LakehouseBenchmark {
  private LakehouseBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchOptions o = BenchOptions.fromSystemProperties(args);
    BenchTables.ensureAll(o);
    if (Boolean.getBoolean("generateOnly")) {
      return;
    }
    List<String> parts = List.of(System.getProperty("parts", "queries,planning").split(","));
    if (parts.contains("queries")) {
      Map<String, RawTable> tables = rawTables(o);
      List<Double> connect = new ArrayList<>();
      String url = "jdbc:lakehouse:" + o.dataDir() + "?result_cache=false";
      try (Connection duck = QueryRunner.rawDuckDb(tables); Connection driver = DriverManager.getConnection(url)) {
        Report.machine(o, duck);
        System.out.println("queries:");
        List<QueryRunner.Result> results = new QueryRunner(driver, duck, tables).run(QuerySet.of(o), o.reps());
        for (int i = -5; i < 20; i++) {
          long start = System.nanoTime();
          DriverManager.getConnection(url).close();
          if (i >= 0) {
            connect.add((System.nanoTime() - start) / 1e6);
          }
        }
        Report.queries(results);
        Report.connections(connect);
      }
    }
    if (parts.contains("planning")) {
      System.out.println("planning:");
      Report.planning(PlanningBench.run(o, o.reps()), o.childHeap());
    }
  }

  static Map<String, RawTable> rawTables(BenchOptions o) throws Exception {
    Map<String, RawTable> t = new LinkedHashMap<>();
    String byDay = "{'d': DATE}";
    t.put(DatedTables.PART_DELTA, RawTable.delta(o.dataDir(), DatedTables.PART_DELTA, byDay, null));
    t.put(DatedTables.PART_ICEBERG, RawTable.iceberg(o.dataDir(), DatedTables.PART_ICEBERG));
    t.put(DatedTables.COMMITS_DELTA, RawTable.delta(o.dataDir(), DatedTables.COMMITS_DELTA, byDay, null));
    t.put(DatedTables.SNAPSHOTS_ICEBERG, RawTable.iceberg(o.dataDir(), DatedTables.SNAPSHOTS_ICEBERG));
    t.put(DeleteTables.DV_DELTA, RawTable.delta(o.dataDir(), DeleteTables.DV_DELTA, byDay,
        "read_parquet('" + DeleteTables.positionsFile(o.dataDir()).toString().replace("'", "''") + "')"));
    t.put(DeleteTables.POSDEL_ICEBERG, RawTable.iceberg(o.dataDir(), DeleteTables.POSDEL_ICEBERG));
    return t;
  }
}
