package io.lakehouse.bench;

import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.actions.AddFile;
import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.delta.kernel.internal.actions.SingleAction;
import io.delta.kernel.internal.deletionvectors.Base85Codec;
import io.delta.kernel.utils.CloseableIterable;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.IcebergTestWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Schema;
import org.roaringbitmap.RoaringBitmap;

/**
 * Tables with deletes, the same {@code deleteDays} days of {@link EventRows} in one commit, then every row of
 * category {@link #DELETED_CATEGORY} deleted (~0.1% of the rows, in every file):
 * {@code posdel_iceberg} with Iceberg position-delete files ({@link IcebergTestWriter#deleteWhereEquals}), and
 * {@code dv_delta} with Delta deletion vectors. Delta Kernel reads deletion vectors but does not write them, so the
 * delete commit is built here from Kernel's own action classes (remove + add with an inline deletion vector, the
 * bitmap in the "portable" RoaringBitmapArray format the Delta protocol specifies), committed by a Kernel
 * transaction. The deleted positions are also written to {@code .dv_delta.positions.parquet}, which raw DuckDB
 * anti-joins; a wrong vector would make the driver's answer differ from raw DuckDB's, which fails the run.
 */
final class DeleteTables {
  static final String DV_DELTA = "dv_delta";
  static final String POSDEL_ICEBERG = "posdel_iceberg";
  static final String DELETED_CATEGORY = "category_7";
  /** RoaringBitmapArray's portable serialization format (Delta protocol, "Deletion Vector Format"). */
  static final int PORTABLE_MAGIC = 1681511377;

  private DeleteTables() {}

  static Path positionsFile(Path dataDir) {
    return dataDir.resolve("." + DV_DELTA + ".positions.parquet");
  }

  static void ensureAll(BenchOptions o) throws Exception {
    Map<String, String> p = Map.of("days", Integer.toString(o.deleteDays()),
        "rowsPerDay", Long.toString(o.rowsPerDay()), "deleted", DELETED_CATEGORY);
    TableMarker.ensure(o.dataDir(), POSDEL_ICEBERG, p, dir -> writeIceberg(dir, o));
    TableMarker.ensure(o.dataDir(), DV_DELTA, p, dir -> writeDelta(dir, o));
  }

  static void writeIceberg(Path dir, BenchOptions o) {
    Schema schema = DatedTables.icebergSchema();
    IcebergTestWriter w = IcebergTestWriter.create(dir, schema, DatedTables.byDay(schema));
    w.append(EventRows.ofDays(0, o.deleteDays(), o.rowsPerDay()));
    w.deleteWhereEquals("category", DELETED_CATEGORY);
  }

  static void writeDelta(Path dir, BenchOptions o) throws Exception {
    DeltaTestWriter w = DeltaTestWriter.create(dir, DatedTables.deltaColumns(), List.of("d"),
        Map.of("delta.enableDeletionVectors", "true"));
    w.append(EventRows.ofDays(0, o.deleteDays(), o.rowsPerDay()));
    Engine engine = w.engine();
    Snapshot snapshot = w.snapshot();
    List<Row> actions = new ArrayList<>();
    List<String> files = new ArrayList<>();
    List<Long> positions = new ArrayList<>();
    for (DeltaFiles.LiveFile f : DeltaFiles.of(snapshot, engine)) {
      int day = (int) (LocalDate.parse(f.partitionValues().get("d")).toEpochDay() - EventRows.DAY0.toEpochDay());
      RoaringBitmap deleted = new RoaringBitmap();
      List<Object[]> rows = EventRows.ofDay(day, o.rowsPerDay()); // the file holds them in this order
      for (int i = 0; i < rows.size(); i++) {
        if (DELETED_CATEGORY.equals(rows.get(i)[2])) {
          deleted.add(i);
          files.add(f.path().toString());
          positions.add((long) i);
        }
      }
      if (deleted.isEmpty()) {
        continue;
      }
      byte[] bytes = portable(deleted);
      DeletionVectorDescriptor dv = new DeletionVectorDescriptor(DeletionVectorDescriptor.INLINE_DV_MARKER,
          Base85Codec.encodeBytes(bytes), Optional.empty(), bytes.length, deleted.getLongCardinality());
      AddFile add = new AddFile(f.add());
      actions.add(SingleAction.createRemoveFileSingleAction(
          add.toRemoveFileRow(true, Optional.of(System.currentTimeMillis()))));
      actions.add(SingleAction.createAddFileSingleAction(AddFile.createAddFileRow(snapshot.getSchema(), add.getPath(), add.getPartitionValues(),
          add.getSize(), add.getModificationTime(), true, Optional.of(dv), Optional.empty(), Optional.empty(),
          Optional.empty(), add.getStats(snapshot.getSchema()))));
    }
    Transaction txn = snapshot.buildUpdateTableTransaction("lakehouse-bench", Operation.MANUAL_UPDATE).build(engine);
    txn.commit(engine, CloseableIterable.inMemoryIterable(ManyFileTables.iter(actions)));
    writePositions(positionsFile(dir.getParent()), files, positions);
  }

  /** Magic, the number of 32-bit buckets, then per bucket its key and the portable Roaring serialization. */
  static byte[] portable(RoaringBitmap bitmap) {
    bitmap.runOptimize();
    ByteBuffer buf = ByteBuffer.allocate(4 + 8 + 4 + bitmap.serializedSizeInBytes()).order(ByteOrder.LITTLE_ENDIAN);
    buf.putInt(PORTABLE_MAGIC).putLong(1).putInt(0);
    bitmap.serialize(buf);
    return buf.array();
  }

  static void writePositions(Path target, List<String> files, List<Long> positions) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE p (file_path VARCHAR, pos BIGINT)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO p VALUES (?, ?)")) {
        for (int i = 0; i < files.size(); i++) {
          ps.setString(1, files.get(i));
          ps.setLong(2, positions.get(i));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      s.execute("COPY p TO '" + target.toString().replace("'", "''") + "' (FORMAT parquet)");
    }
  }
}
