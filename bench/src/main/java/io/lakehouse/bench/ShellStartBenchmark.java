package io.lakehouse.bench;

import io.lakehouse.testing.DeltaTestWriter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Start to first result of the shell as a user starts it: a fresh JVM per run, {@code -e} with csv output, timed
 * from process start to the first result line on stdout and to exit. See bench/README.md.
 *
 * <p>Options (system properties): {@code reps} (10, after one untimed run that warms the disk cache),
 * {@code launcher} (default {@code <java> -cp <this class path> io.lakehouse.cli.LakehouseShell}; e.g.
 * {@code "java -jar target/lakehouse-shell.jar"}, split at blanks). Argument: the working directory (default
 * target/bench-shell, recreated on every run: one 1,000-row Delta table written by DeltaTestWriter).
 */
public final class ShellStartBenchmark {
  static final int REPS = Integer.getInteger("reps", 10);

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "target/bench-shell").toAbsolutePath();
    ScanBenchmark.deleteTree(work);
    Path lake = Files.createDirectories(work.resolve("lake"));
    DeltaTestWriter t = DeltaTestWriter.create(lake.resolve("events"), List.of(DeltaTestWriter.Col.of("id", "long")));
    List<Object[]> rows = new ArrayList<>();
    for (long i = 0; i < 1000; i++) {
      rows.add(new Object[] {i});
    }
    t.append(rows);
    List<String> launcher = launcher();
    System.out.println("launcher: " + String.join(" ", launcher).replaceAll("-cp \\S+", "-cp <class path>"));
    System.out.println("load average before: " + loadAverage());
    for (String sql : List.of("SELECT 1 AS one", "SELECT count(*) AS n FROM events")) {
      List<Double> first = new ArrayList<>();
      List<Double> exit = new ArrayList<>();
      for (int i = 0; i <= REPS; i++) {
        double[] ms = runOnce(launcher, lake, sql);
        if (i > 0) {
          first.add(ms[0]);
          exit.add(ms[1]);
        }
      }
      System.out.printf("%-36s first result %s ms, exit %s ms  (median (min), max %.0f)%n", sql,
          Stats.cell(first), Stats.cell(exit), exit.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }
    System.out.println("load average after: " + loadAverage());
  }

  static List<String> launcher() throws java.net.URISyntaxException {
    String given = System.getProperty("launcher");
    if (given != null && !given.isBlank()) {
      return Arrays.asList(given.strip().split("\\s+"));
    }
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath(),
        "io.lakehouse.cli.LakehouseShell");
  }

  /** This program's class path: exec:java's class loader's URLs, or java.class.path when run plainly. */
  static String classPath() throws java.net.URISyntaxException {
    if (Thread.currentThread().getContextClassLoader() instanceof java.net.URLClassLoader loader
        && loader.getURLs().length > 0) {
      List<String> entries = new ArrayList<>();
      for (java.net.URL url : loader.getURLs()) {
        entries.add(Path.of(url.toURI()).toString());
      }
      return String.join(java.io.File.pathSeparator, entries);
    }
    return System.getProperty("java.class.path");
  }

  /** Milliseconds from start to the first result line (csv: the line after the header) and to exit. */
  static double[] runOnce(List<String> launcher, Path catalog, String sql) throws Exception {
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of(catalog.toString(), "--format", "csv", "-e", sql));
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    double first = Double.NaN;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      out.readLine();  // header
      if (out.readLine() != null) {
        first = (System.nanoTime() - start) / 1e6;
      }
      while (out.readLine() != null) {
        // drain
      }
    }
    int status = p.waitFor();
    double exit = (System.nanoTime() - start) / 1e6;
    if (status != 0 || Double.isNaN(first)) {
      throw new IllegalStateException("the shell failed (exit " + status + "): " + String.join(" ", command));
    }
    return new double[] {first, exit};
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (Exception e) {
      return "unknown";
    }
  }
}
