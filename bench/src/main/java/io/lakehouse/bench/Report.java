package io.lakehouse.bench;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Prints the benchmark's figures: machine, per-query table, geometric means, planning, connections. */
final class Report {
  private Report() {}

  static void machine(BenchOptions o, Connection duck) throws Exception {
    String duckVersion;
    try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery("SELECT version()")) {
      rs.next();
      duckVersion = rs.getString(1);
    }
    long ram = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize();
    System.out.printf("%nmachine: %d cores, %.0f GiB RAM, load average %.1f; Java %s; DuckDB %s; Delta Kernel %s;"
            + " Iceberg %s%n", Runtime.getRuntime().availableProcessors(), ram / (1024.0 * 1024 * 1024),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.version"),
        duckVersion, io.delta.kernel.Meta.KERNEL_VERSION, org.apache.iceberg.IcebergBuild.version());
    System.out.printf("data: %,d rows in %d daily partitions (%,d rows per file); %d-commit Delta, %d-snapshot"
            + " Iceberg; deletes tables %d days; %d timed rounds after one warm-up round%n", o.rows(), o.days(),
        o.rowsPerDay(), o.commits(), o.snapshots(), o.deleteDays(), o.reps());
  }

  static void queries(List<QueryRunner.Result> results) {
    System.out.printf("%nmedian (min) ms%n%-46s %19s %19s %19s %8s %8s  %s%n", "query", "driver", "raw DuckDB",
        "ideal", "drv/raw", "drv/ideal", "ideal files");
    List<Double> scan = new ArrayList<>();
    List<Double> selectiveRaw = new ArrayList<>();
    List<Double> selectiveIdeal = new ArrayList<>();
    for (QueryRunner.Result r : results) {
      List<Double> d = r.times().get(QueryRunner.Side.DRIVER);
      List<Double> raw = r.times().get(QueryRunner.Side.RAW);
      List<Double> ideal = r.times().get(QueryRunner.Side.IDEAL);
      boolean isScan = r.query().kind() == BenchQuery.Kind.SCAN;
      double toRaw = Stats.median(d) / Stats.median(raw);
      double toIdeal = isScan ? toRaw : Stats.median(d) / Stats.median(ideal);
      (isScan ? scan : selectiveRaw).add(toRaw);
      if (!isScan) {
        selectiveIdeal.add(toIdeal);
      }
      System.out.printf("%-46s %s %s %s %7.2fx %8s  %s%n", (isScan ? "[scan] " : "[sel]  ") + r.query().name(),
          Stats.cell(d), Stats.cell(raw), Stats.cell(isScan ? null : ideal), toRaw,
          isScan ? "–" : String.format("%7.2fx", toIdeal), isScan ? "all" : r.idealFiles());
    }
    List<Double> all = new ArrayList<>(scan);
    all.addAll(selectiveRaw);
    System.out.printf("geometric mean driver/raw: scans %.2fx (%d queries), selective %.2fx (%d), all %.2fx (%d)%n",
        Stats.geomean(scan), scan.size(), Stats.geomean(selectiveRaw), selectiveRaw.size(), Stats.geomean(all),
        all.size());
    System.out.printf("geometric mean driver/ideal, selective queries: %.2fx (%d)%n", Stats.geomean(selectiveIdeal),
        selectiveIdeal.size());
    long within = results.stream().filter(r -> r.query().kind() == BenchQuery.Kind.SELECTIVE)
        .filter(r -> Stats.median(r.times().get(QueryRunner.Side.DRIVER))
            <= Stats.median(r.times().get(QueryRunner.Side.IDEAL)) + 5).count();
    long scansWithin = results.stream().filter(r -> r.query().kind() == BenchQuery.Kind.SCAN)
        .filter(r -> Stats.median(r.times().get(QueryRunner.Side.DRIVER))
            <= 1.10 * Stats.median(r.times().get(QueryRunner.Side.RAW)) + 5).count();
    System.out.printf("goals: scans within 1.10x raw + 5 ms: %d of %d; selective within ideal + 5 ms: %d of %d%n",
        scansWithin, scan.size(), within, selectiveIdeal.size());
  }

  static void planning(Map<PlanningBench.Target, Map<String, String>> results, String heap) {
    System.out.printf("%nplanning, one child JVM per table (-Xmx%s), a filter selecting one partition; ms%n", heap);
    System.out.printf("%-40s %7s %10s %10s %10s %10s %10s %9s%n", "table", "planned", "cold EXPL", "cold plan",
        "1st query", "warm EXPL", "warm query", "peak heap");
    for (Map.Entry<PlanningBench.Target, Map<String, String>> e : results.entrySet()) {
      Map<String, String> r = e.getValue();
      if (r.containsKey("error")) {
        System.out.printf("%-40s FAILED (peak heap %s MB): %s%n", e.getKey().label(), r.getOrDefault("peakHeapMB",
            "?"), r.get("error"));
        continue;
      }
      System.out.printf("%-40s %7s %10.1f %10s %10.1f %10.1f %10.1f %6s MB%n", e.getKey().label(), r.get("files"),
          num(r, "coldExplainMs"), r.get("coldPlannedMs"), num(r, "firstQueryMs"), num(r, "warmExplainMs"),
          num(r, "warmQueryMs"), r.get("peakHeapMB"));
    }
    System.out.println("cold EXPL: first EXPLAIN of the table on a new connection (snapshot load, planning, DuckDB's"
        + " EXPLAIN), of which cold plan: its 'planned in N ms'; 1st query: the query right after it; warm:"
        + " medians of repeated EXPLAINs / queries; peak heap: from the end of the warm-up to the end");
  }

  private static double num(Map<String, String> r, String key) {
    return Double.parseDouble(r.get(key));
  }

  static void connections(List<Double> ms) {
    System.out.printf("%nnew connection (connect + close) on a warm JVM, %d times: median %.1f ms (min %.1f)%n",
        ms.size(), Stats.median(ms), Stats.min(ms));
  }
}
