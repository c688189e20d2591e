package io.lakehouse.bench;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.IcebergTestWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * The date-partitioned tables, written with the reference writers: {@code part_delta} / {@code part_iceberg} (the
 * same rows, one file per day, a few large commits), {@code commits_delta} (one commit per day, classic
 * checkpoints) and {@code snapshots_iceberg} (one snapshot per day, manifests merged by Iceberg's defaults).
 */
final class DatedTables {
  static final String PART_DELTA = "part_delta";
  static final String PART_ICEBERG = "part_iceberg";
  static final String COMMITS_DELTA = "commits_delta";
  static final String SNAPSHOTS_ICEBERG = "snapshots_iceberg";
  /** Days per commit of the partitioned tables: bounds the rows held in memory while writing. */
  static final int DAYS_PER_COMMIT = 100;
  static final int ROWS_PER_SNAPSHOT = 1000;

  private DatedTables() {}

  static List<DeltaTestWriter.Col> deltaColumns() {
    return List.of(new DeltaTestWriter.Col("id", "bigint", false), DeltaTestWriter.Col.of("d", "date"),
        DeltaTestWriter.Col.of("category", "string"), DeltaTestWriter.Col.of("amount", "decimal(12,2)"),
        DeltaTestWriter.Col.of("ts", "timestamp"));
  }

  static Schema icebergSchema() {
    return new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "d", Types.DateType.get()),
        Types.NestedField.optional(3, "category", Types.StringType.get()),
        Types.NestedField.optional(4, "amount", Types.DecimalType.of(12, 2)),
        Types.NestedField.optional(5, "ts", Types.TimestampType.withZone()));
  }

  static PartitionSpec byDay(Schema schema) {
    return PartitionSpec.builderFor(schema).identity("d").build();
  }

  static void ensureAll(BenchOptions o) throws Exception {
    Map<String, String> size = Map.of("rows", Long.toString(o.rows()), "days", Integer.toString(o.days()));
    TableMarker.ensure(o.dataDir(), PART_DELTA, size, dir -> writePartDelta(dir, o));
    TableMarker.ensure(o.dataDir(), PART_ICEBERG, size, dir -> writePartIceberg(dir, o));
    TableMarker.ensure(o.dataDir(), COMMITS_DELTA, Map.of("commits", Integer.toString(o.commits()),
        "checkpointInterval", Integer.toString(o.checkpointInterval()), "rowsPerCommit",
        Long.toString(o.rowsPerDay())), dir -> writeCommitsDelta(dir, o));
    TableMarker.ensure(o.dataDir(), SNAPSHOTS_ICEBERG, Map.of("snapshots", Integer.toString(o.snapshots()),
        "rowsPerSnapshot", Integer.toString(ROWS_PER_SNAPSHOT)), dir -> writeSnapshotsIceberg(dir, o));
  }

  /** A commit per 100 days (one file per day), then a classic checkpoint at the last version. */
  static void writePartDelta(Path dir, BenchOptions o) {
    DeltaTestWriter w = DeltaTestWriter.create(dir, deltaColumns(), List.of("d"));
    for (int from = 0; from < o.days(); from += DAYS_PER_COMMIT) {
      w.append(EventRows.ofDays(from, Math.min(o.days(), from + DAYS_PER_COMMIT), o.rowsPerDay()));
    }
    w.checkpoint();
  }

  /** A snapshot per 100 days (one file per day), identity partition on d. */
  static void writePartIceberg(Path dir, BenchOptions o) {
    Schema schema = icebergSchema();
    IcebergTestWriter w = IcebergTestWriter.create(dir, schema, byDay(schema));
    for (int from = 0; from < o.days(); from += DAYS_PER_COMMIT) {
      w.append(EventRows.ofDays(from, Math.min(o.days(), from + DAYS_PER_COMMIT), o.rowsPerDay()));
    }
  }

  /** One commit per day; a classic checkpoint whenever the version is a multiple of the interval. */
  static void writeCommitsDelta(Path dir, BenchOptions o) {
    DeltaTestWriter w = DeltaTestWriter.create(dir, deltaColumns(), List.of("d"));
    for (int c = 0; c < o.commits(); c++) {
      long version = w.append(EventRows.ofDay(c, o.rowsPerDay()));
      if (version % o.checkpointInterval() == 0) {
        w.checkpoint();
      }
    }
  }

  /** One snapshot per day of 1,000 rows. */
  static void writeSnapshotsIceberg(Path dir, BenchOptions o) {
    Schema schema = icebergSchema();
    IcebergTestWriter w = IcebergTestWriter.create(dir, schema, byDay(schema));
    for (int s = 0; s < o.snapshots(); s++) {
      w.append(EventRows.ofDay(s, ROWS_PER_SNAPSHOT));
    }
  }
}
