package io.lakehouse.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The settings of {@link LakehouseBenchmark}, read once from system properties ({@code -D} on the command line).
 * Smaller values make a quick run; the defaults are the shapes of issue 11.
 *
 * @param dataDir where the tables are generated (argument 1, default {@code target/bench-data})
 * @param rows rows of the 1,000-partition tables ({@code -Drows}, 10,000,000)
 * @param days partitions (consecutive days from 2022-01-01) of those tables ({@code -Ddays}, 1,000)
 * @param commits commits of the many-commit Delta table, one day each ({@code -Dcommits}, 200)
 * @param checkpointInterval a classic checkpoint every n commits of that table ({@code -DcheckpointInterval}, 75: checkpoints at 75 and 150, then 50 JSON commits)
 * @param snapshots snapshots of the many-snapshot Iceberg table, one day each ({@code -Dsnapshots}, 1,000)
 * @param manyFiles file counts of the planning tables ({@code -DmanyFiles}, 10000,100000)
 * @param deleteDays partitions of the deletes tables, 10,000 rows each ({@code -DdeleteDays}, 100)
 * @param reps timed rounds after one warm-up round ({@code -Dreps}, 5)
 * @param childHeap the -Xmx of the planning child JVMs ({@code -DchildHeap}, 512m)
 */
record BenchOptions(Path dataDir, long rows, int days, int commits, int checkpointInterval, int snapshots,
    List<Integer> manyFiles, int deleteDays, int reps, String childHeap) {

  static BenchOptions fromSystemProperties(String[] args) {
    return new BenchOptions(
        Path.of(args.length > 0 ? args[0] : "target/bench-data").toAbsolutePath(),
        Long.getLong("rows", 10_000_000L),
        Integer.getInteger("days", 1000),
        Integer.getInteger("commits", 200),
        Integer.getInteger("checkpointInterval", 75),
        Integer.getInteger("snapshots", 1000),
        Arrays.stream(System.getProperty("manyFiles", "10000,100000").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList(),
        Integer.getInteger("deleteDays", 100),
        Integer.getInteger("reps", 5),
        System.getProperty("childHeap", "512m"));
  }

  long rowsPerDay() {
    return rows / days;
  }
}
