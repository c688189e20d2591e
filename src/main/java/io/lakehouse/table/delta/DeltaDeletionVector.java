package io.lakehouse.table.delta;

import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.delta.kernel.internal.deletionvectors.DeletionVectorUtils;
import io.delta.kernel.internal.deletionvectors.RoaringBitmapArray;
import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.storage.StorageErrors;
import io.lakehouse.table.DeletedRows;
import java.lang.reflect.Field;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * A Delta deletion vector as a plan carries it: Kernel's descriptor (inline bitmap or the location of a
 * {@code deletion_vector_*.bin} blob) and its cardinality. The positions are decoded by Kernel each time the engine
 * asks for them ({@link #forEach}), read through the same Kernel engine (the driver's storage, with its location
 * checks) as the table's log, and streamed from Kernel's compressed bitmap without expanding it into an array.
 */
final class DeltaDeletionVector implements DeletedRows {
  /**
   * Kernel's 64-bit bitmap: one 32-bit RoaringBitmap per high word. Kernel (pinned in the build) offers only
   * {@code toArray()}, which would expand a large vector to 8 bytes per deleted row; its buckets are read instead.
   * Null if a Kernel version renames the field: {@link #forEach} then falls back to {@code toArray()} (one file's
   * positions at a time, still never in a plan). {@code DeltaDeletionVectorTest} fails if that happens.
   */
  private static final Field BUCKETS = buckets();

  private final Engine engine;
  private final String tablePath;
  private final String displayName;
  private final DeletionVectorDescriptor descriptor;
  private final AtomicInteger decodes = new AtomicInteger();

  DeltaDeletionVector(Engine engine, String tablePath, String displayName, DeletionVectorDescriptor descriptor) {
    this.engine = engine;
    this.tablePath = tablePath;
    this.displayName = displayName;
    this.descriptor = descriptor;
  }

  private static Field buckets() {
    try {
      Field f = RoaringBitmapArray.class.getDeclaredField("bitmaps");
      if (f.getType() != RoaringBitmap[].class) {
        return null;
      }
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** Whether positions are streamed from Kernel's bitmap (true with the pinned Kernel), not expanded first. */
  static boolean streamsFromBitmap() {
    return BUCKETS != null;
  }

  @Override
  public long cardinality() {
    return descriptor.getCardinality();
  }

  /** How often the positions were decoded (each {@link #forEach}); nothing decoded is kept between calls. */
  int decodes() {
    return decodes.get();
  }

  @Override
  public void forEach(PositionConsumer consumer) throws SQLException {
    decodes.incrementAndGet();
    RoaringBitmapArray bitmap = load();
    RoaringBitmap[] buckets = bucketsOf(bitmap);
    if (buckets == null) {
      for (long position : bitmap.toArray()) {
        consumer.accept(position);
      }
      return;
    }
    for (int high = 0; high < buckets.length; high++) {
      if (buckets[high] == null) {
        continue;
      }
      long base = (long) high << 32;
      IntIterator it = buckets[high].getIntIterator();
      while (it.hasNext()) {
        consumer.accept(base | (it.next() & 0xFFFFFFFFL));
      }
    }
  }

  private static RoaringBitmap[] bucketsOf(RoaringBitmapArray bitmap) {
    if (BUCKETS == null) {
      return null;
    }
    try {
      return (RoaringBitmap[]) BUCKETS.get(bitmap);
    } catch (IllegalAccessException e) {
      return null;
    }
  }

  private RoaringBitmapArray load() throws SQLException {
    try {
      return DeletionVectorUtils.loadNewDvAndBitmap(engine, tablePath, descriptor)._2;
    } catch (RuntimeException e) {
      SQLException storage = StorageErrors.find(e, displayName);
      if (storage != null) {
        throw storage;
      }
      throw new LakehouseSqlException("Cannot read the deletion vector " + descriptor.getUniqueId() + " of a data "
          + "file of table '" + displayName + "': " + e.getMessage(), SqlState.STORAGE_FAILURE, e);
    }
  }

  @Override
  public String toString() {
    return "DeltaDeletionVector[" + descriptor.getUniqueId() + ", cardinality " + cardinality() + "]";
  }
}
