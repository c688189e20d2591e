package io.lakehouse.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Planning per table, each in its own child JVM ({@link PlanningProbe}, {@code -Xmx} from {@code childHeap}), so
 * that "cold" means a table no cache of this process has seen, whatever the driver shares across connections,
 * and so that the heap a table needs is measured alone.
 */
final class PlanningBench {
  /**
   * One planning target: the table, a filter selecting one partition, and a table of the same format to warm the
   * child JVM up on (for Delta one with a checkpoint, so that the Parquet checkpoint reader is loaded and compiled).
   */
  record Target(String table, String label, String filter, String warmup) {}

  private PlanningBench() {}

  static List<Target> targets(BenchOptions o) {
    List<Target> t = new ArrayList<>();
    for (int n : o.manyFiles()) {
      String filter = "part = " + (n * 4242L / 10000);
      t.add(new Target(ManyFileTables.deltaName(n), String.format("%,d files, Delta (checkpoint)", n), filter,
          DatedTables.COMMITS_DELTA));
      t.add(new Target(ManyFileTables.icebergName(n), String.format("%,d files, Iceberg (%,d manifests)", n,
          (n + ManyFileTables.ICEBERG_FILES_PER_MANIFEST - 1) / ManyFileTables.ICEBERG_FILES_PER_MANIFEST),
          filter, DeleteTables.POSDEL_ICEBERG));
    }
    String day = QuerySet.date(QuerySet.pick(o.days(), 438));
    t.add(new Target(DatedTables.PART_DELTA, String.format("%,d files, Delta (checkpoint)", o.days()), "d = " + day,
        DatedTables.COMMITS_DELTA));
    t.add(new Target(DatedTables.PART_ICEBERG, String.format("%,d files, Iceberg", o.days()), "d = " + day,
        DeleteTables.POSDEL_ICEBERG));
    t.add(new Target(DatedTables.COMMITS_DELTA, String.format("%,d commits, Delta", o.commits()),
        "d = " + QuerySet.date(QuerySet.pick(o.commits(), 73)), DatedTables.PART_DELTA));
    t.add(new Target(DatedTables.SNAPSHOTS_ICEBERG, String.format("%,d snapshots, Iceberg", o.snapshots()),
        "d = " + QuerySet.date(QuerySet.pick(o.snapshots(), 438)), DeleteTables.POSDEL_ICEBERG));
    return t;
  }

  static Map<Target, Map<String, String>> run(BenchOptions o, int reps) throws Exception {
    Map<Target, Map<String, String>> results = new LinkedHashMap<>();
    for (Target t : targets(o)) {
      System.out.printf("  planning %s ...%n", t.label());
      Map<String, String> r = child(o, t, reps);
      System.out.printf("    %s%n", r); // as it comes: a long run can be read before it ends
      results.put(t, r);
    }
    return results;
  }

  static Map<String, String> child(BenchOptions o, Target t, int reps) throws Exception {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + o.childHeap(), "-cp", classPath(), PlanningProbe.class.getName(), o.dataDir().toString(),
        t.warmup(), t.table(), t.filter(), Integer.toString(reps));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> output = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        output.add(line);
      }
    }
    if (!p.waitFor(Long.getLong("childTimeoutSeconds", 900), TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (String line : output) {
      if (line.startsWith("RESULT")) {
        for (String kv : line.substring(6).trim().split(" ")) {
          int eq = kv.indexOf('=');
          if (eq > 0) {
            result.put(kv.substring(0, eq), kv.substring(eq + 1));
          }
        }
      }
    }
    if (result.isEmpty()) {
      result.put("error", "child JVM printed no result (exit " + p.exitValue() + "): "
          + String.join(" / ", output.subList(Math.max(0, output.size() - 5), output.size())));
    }
    return result;
  }

  /** The class path of this benchmark: exec:java runs it in a URLClassLoader, a plain java run in java.class.path. */
  static String classPath() {
    List<String> entries = new ArrayList<>();
    for (ClassLoader l = PlanningBench.class.getClassLoader(); l != null; l = l.getParent()) {
      if (l instanceof URLClassLoader u) {
        for (URL url : u.getURLs()) {
          try {
            entries.add(Path.of(url.toURI()).toString());
          } catch (Exception e) {
            entries.add(url.getPath());
          }
        }
        break; // the exec:java loader; its parents are Maven's own
      }
    }
    if (entries.isEmpty()) {
      return System.getProperty("java.class.path");
    }
    return String.join(File.pathSeparator, entries);
  }
}
