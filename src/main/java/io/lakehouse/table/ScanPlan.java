package io.lakehouse.table;

import java.util.List;

/**
 * The files that make up one table snapshot, pruned, with everything the engine needs to read them correctly.
 *
 * @param columns columns in table order
 * @param files data files
 * @param planningNanos time spent planning, for EXPLAIN and benchmarks
 */
public record ScanPlan(List<ScanColumn> columns, List<ScanFile> files, long planningNanos) {}
