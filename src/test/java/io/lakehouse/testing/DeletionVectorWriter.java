package io.lakehouse.testing;

import io.delta.kernel.Operation;
import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.actions.AddFile;
import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.delta.kernel.internal.actions.SingleAction;
import io.delta.kernel.internal.deletionvectors.Base85Codec;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.zip.CRC32;
import org.roaringbitmap.RoaringBitmap;

/**
 * Deletes rows of a Delta table (made with {@link DeltaTestWriter}, {@code delta.enableDeletionVectors = true}) by
 * deletion vectors, as Spark would: one commit that removes each affected file and adds it back with a vector.
 * Kernel reads deletion vectors but does not write them, so the commit is built from Kernel's own action classes
 * and committed by a Kernel transaction; the bitmap is in the protocol's "portable" RoaringBitmapArray format, either
 * inline in the log or in a {@code deletion_vector_<uuid>.bin} file next to the data (storage type {@code u}, with
 * the file's version byte, the bitmap's size, the bitmap and its CRC-32, as the protocol lays it out). Positions
 * must be below 2^31 (one 32-bit bucket).
 */
public final class DeletionVectorWriter {
  private static final int PORTABLE_MAGIC = 1681511377;

  private DeletionVectorWriter() {}

  /**
   * Commits deletion vectors: for each live file, the positions {@code deleted} returns for its location (null or
   * empty: the file is left alone).
   *
   * @return how many positions were deleted
   */
  public static long delete(DeltaTestWriter writer, Function<String, RoaringBitmap> deleted, boolean inline) {
    return delete(writer, deleted, inline, null);
  }

  /**
   * Like {@link #delete(DeltaTestWriter, Function, boolean)}, with every vector in a file at an absolute path
   * (storage type {@code p}), which may lie outside the table; one file per vector, named after {@code file}.
   */
  public static long deleteToAbsolutePath(DeltaTestWriter writer, Function<String, RoaringBitmap> deleted,
      Path file) {
    return delete(writer, deleted, false, file);
  }

  private static long delete(DeltaTestWriter writer, Function<String, RoaringBitmap> deleted, boolean inline,
      Path absolute) {
    int[] files = {0};
    Engine engine = writer.engine();
    Snapshot snapshot = writer.snapshot();
    List<Row> actions = new ArrayList<>();
    long total = 0;
    Scan scan = snapshot.getScanBuilder().build();
    try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(engine, true)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            Row row = rows.next();
            String location = InternalScanFileUtils.getAddFileStatus(row).getPath();
            RoaringBitmap positions = deleted.apply(location);
            if (positions == null || positions.isEmpty()) {
              continue;
            }
            if (InternalScanFileUtils.getDeletionVectorDescriptorFromRow(row) != null) {
              throw new IllegalStateException("a file with a deletion vector already: " + location);
            }
            byte[] bitmap = portable(positions);
            DeletionVectorDescriptor dv = inline
                ? new DeletionVectorDescriptor(DeletionVectorDescriptor.INLINE_DV_MARKER,
                    Base85Codec.encodeBytes(bitmap), Optional.empty(), bitmap.length, positions.getLongCardinality())
                : absolute != null ? atPath(absolute.resolveSibling(absolute.getFileName() + "." + files[0]++), bitmap,
                    positions.getLongCardinality())
                : onDisk(writer.tableDir(), bitmap, positions.getLongCardinality());
            AddFile add = new AddFile(row.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL));
            actions.add(SingleAction.createRemoveFileSingleAction(
                add.toRemoveFileRow(true, Optional.of(System.currentTimeMillis()))));
            actions.add(SingleAction.createAddFileSingleAction(AddFile.createAddFileRow(snapshot.getSchema(),
                add.getPath(), add.getPartitionValues(), add.getSize(), add.getModificationTime(), true,
                Optional.of(dv), Optional.empty(), Optional.empty(), Optional.empty(),
                add.getStats(snapshot.getSchema()))));
            total += positions.getLongCardinality();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Transaction txn = snapshot.buildUpdateTableTransaction(DeltaTestWriter.ENGINE_INFO, Operation.MANUAL_UPDATE)
        .build(engine);
    txn.commit(engine, CloseableIterable.inMemoryIterable(DeltaTestWriter.iter(actions)));
    return total;
  }

  /** A {@code deletion_vector_<uuid>.bin} file holding one vector, and its descriptor (offset 1). */
  private static DeletionVectorDescriptor onDisk(Path tableDir, byte[] bitmap, long cardinality) {
    UUID uuid = UUID.randomUUID();
    write(tableDir.resolve("deletion_vector_" + uuid + ".bin"), bitmap);
    return new DeletionVectorDescriptor(DeletionVectorDescriptor.UUID_DV_MARKER, Base85Codec.encodeUUID(uuid),
        Optional.of(1), bitmap.length, cardinality);
  }

  /** A vector file at an absolute path, and its descriptor (storage type {@code p}, offset 1). */
  private static DeletionVectorDescriptor atPath(Path file, byte[] bitmap, long cardinality) {
    write(file, bitmap);
    return new DeletionVectorDescriptor(DeletionVectorDescriptor.PATH_DV_MARKER, file.toUri().toString(),
        Optional.of(1), bitmap.length, cardinality);
  }

  /** The protocol's file layout: version byte 1, then the vector's size, the vector and its CRC-32. */
  private static void write(Path file, byte[] bitmap) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeInt(bitmap.length);
      out.write(bitmap);
      CRC32 crc = new CRC32();
      crc.update(bitmap);
      out.writeInt((int) crc.getValue());
      Files.createDirectories(file.getParent());
      Files.write(file, bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Magic, the number of 32-bit buckets, then per bucket its key and the portable Roaring serialization. */
  static byte[] portable(RoaringBitmap bitmap) {
    bitmap.runOptimize();
    ByteBuffer buf = ByteBuffer.allocate(4 + 8 + 4 + bitmap.serializedSizeInBytes()).order(ByteOrder.LITTLE_ENDIAN);
    buf.putInt(PORTABLE_MAGIC).putLong(1).putInt(0);
    bitmap.serialize(buf);
    return buf.array();
  }
}
