package io.lakehouse.bench;

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
  }
}
