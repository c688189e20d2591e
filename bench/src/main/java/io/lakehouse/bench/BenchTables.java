package io.lakehouse.bench;

/** Generates (or reuses) every table of {@link LakehouseBenchmark} and reports how long generation took. */
final class BenchTables {
  private BenchTables() {}

  static void ensureAll(BenchOptions o) throws Exception {
    System.out.printf("tables under %s:%n", o.dataDir());
    long start = System.nanoTime();
    DatedTables.ensureAll(o);
    DeleteTables.ensureAll(o);
    ManyFileTables.ensureAll(o);
    System.out.printf("tables ready in %.1f s (this run)%n", (System.nanoTime() - start) / 1e9);
  }
}
