package io.lakehouse.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs in a child JVM (small heap) started by {@link PlanningBench}: warms the JVM up on another table, then opens
 * a new connection and measures the first EXPLAIN of a filtered query on the table (cold: snapshot load and
 * planning), the first execution, and repeated EXPLAINs and executions (warm), with the peak heap used from the
 * warm-up's end. Prints one {@code RESULT key=value ...} line.
 *
 * <p>Arguments: data directory, warm-up table, table, filter (SQL), repetitions.
 */
public final class PlanningProbe {
  static final Pattern PLANNED = Pattern.compile("(\\d+) files, .* planned in (\\d+) ms");

  private PlanningProbe() {}

  public static void main(String[] args) {
    String url = "jdbc:lakehouse:" + args[0] + "?result_cache=false";
    String query = "SELECT count(*) FROM " + args[2] + " WHERE " + args[3];
    int reps = Integer.parseInt(args[4]);
    StringBuilder out = new StringBuilder("RESULT");
    try {
      try (Connection c = DriverManager.getConnection(url)) {
        QueryRunner.answer(c, "SELECT count(*) FROM " + args[1]);
        explain(c, "EXPLAIN SELECT count(*) FROM " + args[1]);
      }
      System.gc();
      ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
      long start = System.nanoTime();
      try (Connection c = DriverManager.getConnection(url)) {
        out.append(" connectMs=").append(ms(start));
        start = System.nanoTime();
        long[] cold = explain(c, "EXPLAIN " + query);
        out.append(" coldExplainMs=").append(ms(start)).append(" coldPlannedMs=").append(cold[1])
            .append(" files=").append(cold[0]);
        start = System.nanoTime();
        String answer = QueryRunner.answer(c, query);
        out.append(" firstQueryMs=").append(ms(start));
        List<Double> explainMs = new ArrayList<>();
        List<Double> plannedMs = new ArrayList<>();
        List<Double> queryMs = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
          start = System.nanoTime();
          plannedMs.add((double) explain(c, "EXPLAIN " + query)[1]);
          explainMs.add(ms(start));
          start = System.nanoTime();
          String again = QueryRunner.answer(c, query);
          queryMs.add(ms(start));
          if (!again.equals(answer)) {
            throw new IllegalStateException("answers differ between executions: " + answer + " vs " + again);
          }
        }
        out.append(" warmExplainMs=").append(Stats.median(explainMs))
            .append(" warmPlannedMs=").append(Stats.median(plannedMs))
            .append(" warmQueryMs=").append(Stats.median(queryMs))
            .append(" answer=").append(answer.replace(' ', '_'));
      }
      out.append(" peakHeapMB=").append(peakHeapMb()).append(" maxHeapMB=")
          .append(Runtime.getRuntime().maxMemory() >> 20);
    } catch (Throwable t) {
      out.append(" peakHeapMB=").append(peakHeapMb()).append(" error=")
          .append((t.getClass().getSimpleName() + ": " + t.getMessage()).replaceAll("\\s+", "_"));
    }
    System.out.println(out);
    System.out.flush();
    System.exit(0); // DuckDB or pools may keep non-daemon threads
  }

  /** Files planned and "planned in" ms of the first table line of an EXPLAIN. */
  static long[] explain(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      long[] found = null;
      while (rs.next()) {
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          Matcher m = PLANNED.matcher(String.valueOf(rs.getString(i)));
          if (found == null && m.find()) {
            found = new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
          }
        }
      }
      if (found == null) {
        throw new IllegalStateException("EXPLAIN printed no 'N files, ... planned in N ms' line");
      }
      return found;
    }
  }

  static double ms(long start) {
    return Math.round((System.nanoTime() - start) / 1e5) / 10.0;
  }

  static long peakHeapMb() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum >> 20;
  }
}
