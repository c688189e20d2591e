package io.lakehouse.bench;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Start to first result of the shell as a user runs it: {@code bin/lakehouse-shell <lake> -e "SELECT 1"} (the built
 * shell jar with {@code java -jar}), wall time of the whole process, after one run that writes the class-data
 * sharing archive. Also the same without the archive, and the first row of a real table. Needs {@code mvn package}
 * first (the -all and -shell jars in target/). Arguments: a scratch folder (default target/bench-shell); -Dreps=N.
 */
public final class ShellStartBenchmark {
  private ShellStartBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path scratch = Path.of(args.length > 0 ? args[0] : "target/bench-shell").toAbsolutePath();
    int reps = Integer.getInteger("reps", 7);
    Path lake = scratch.resolve("lake");
    if (!Files.isDirectory(lake.resolve("sales/_delta_log"))) {
      DeltaTestWriter w = DeltaTestWriter.create(lake.resolve("sales"),
          List.of(new Col("id", "long", false), Col.of("amount", "double")));
      List<Object[]> rows = new ArrayList<>();
      for (long i = 0; i < 1000; i++) rows.add(new Object[] {i, i * 0.5});
      w.append(rows);
    }
    String launcher = Path.of("bin/lakehouse-shell").toAbsolutePath().toString();
    run(List.of(launcher, lake.toString(), "-e", "SELECT 1"), null); // writes the CDS archive
    report("SELECT 1 (launcher, CDS archive)", reps, List.of(launcher, lake.toString(), "-e", "SELECT 1"), null);
    report("SELECT 1 (java -jar, no archive)", reps, List.of("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Xshare:auto", "-jar", shellJar().toString(), lake.toString(), "-e", "SELECT 1"), null);
    report("SELECT * FROM sales LIMIT 5 (launcher)", reps,
        List.of(launcher, lake.toString(), "-e", "SELECT * FROM sales ORDER BY id LIMIT 5"), null);
  }

  static Path shellJar() throws Exception {
    try (var s = Files.list(Path.of("target"))) {
      return s.filter(p -> p.getFileName().toString().endsWith("-shell.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("run mvn -DskipTests package first"));
    }
  }

  static void report(String what, int reps, List<String> cmd, Path dir) throws Exception {
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < reps; i++) ms.add(run(cmd, dir));
    ms.sort(null);
    System.out.printf("%-42s median %6.0f ms  min %6.0f ms  max %6.0f ms  (%d runs)%n", what,
        ms.get(ms.size() / 2), ms.get(0), ms.get(ms.size() - 1), reps);
  }

  static double run(List<String> cmd, Path dir) throws Exception {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + cmd);
    }
    double ms = (System.nanoTime() - t0) / 1e6;
    if (p.exitValue() != 0) throw new IllegalStateException("exit " + p.exitValue() + ": " + cmd);
    return ms;
  }
}
