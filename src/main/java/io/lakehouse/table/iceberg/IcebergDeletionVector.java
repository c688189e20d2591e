package io.lakehouse.table.iceberg;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.storage.StorageErrors;
import io.lakehouse.table.DeletedRows;
import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.deletes.PositionDeleteIndex;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.IOUtil;
import org.apache.iceberg.io.SeekableInputStream;

/**
 * An Iceberg v3 deletion vector (a Puffin {@code deletion-vector-v1} blob) as a plan carries it: the delete file's
 * entry (location, blob offset and length, cardinality) without its statistics. The blob is read through the
 * table's FileIO (the driver's storage) and decoded by Iceberg core's own reader each time the engine asks for the
 * positions ({@link #forEach}), which streams them from the compressed bitmap.
 */
final class IcebergDeletionVector implements DeletedRows {
  private final FileIO io;
  private final DeleteFile dv;
  private final String displayName;
  private final AtomicInteger decodes = new AtomicInteger();

  /** @param dv a Puffin position-delete file with a blob offset and length (checked by the planner) */
  IcebergDeletionVector(FileIO io, DeleteFile dv, String displayName) {
    this.io = io;
    this.dv = dv.copyWithoutStats();
    this.displayName = displayName;
  }

  @Override
  public long cardinality() {
    return dv.recordCount();
  }

  /** How often the positions were decoded (each {@link #forEach}); nothing decoded is kept between calls. */
  int decodes() {
    return decodes.get();
  }

  @Override
  public void forEach(PositionConsumer consumer) throws SQLException {
    decodes.incrementAndGet();
    PositionDeleteIndex index;
    try {
      byte[] blob = new byte[Math.toIntExact(dv.contentSizeInBytes())];
      try (SeekableInputStream in = io.newInputFile(dv.location()).newStream()) {
        in.seek(dv.contentOffset());
        IOUtil.readFully(in, blob, 0, blob.length);
      }
      index = PositionDeleteIndex.deserialize(blob, dv);
    } catch (IOException | RuntimeException e) {
      SQLException storage = StorageErrors.find(e, displayName);
      if (storage != null) {
        throw storage;
      }
      throw new LakehouseSqlException("Cannot read the deletion vector " + dv.location() + " of table '"
          + displayName + "': " + e.getMessage(), SqlState.STORAGE_FAILURE, e);
    }
    try {
      index.forEach(position -> {
        try {
          consumer.accept(position);
        } catch (SQLException e) {
          throw new LakehouseSqlException.Unchecked(e);
        }
      });
    } catch (LakehouseSqlException.Unchecked e) {
      throw e.getCause();
    }
  }

  @Override
  public String toString() {
    return "IcebergDeletionVector[" + dv.location() + "@" + dv.contentOffset() + ", cardinality " + cardinality()
        + "]";
  }
}
