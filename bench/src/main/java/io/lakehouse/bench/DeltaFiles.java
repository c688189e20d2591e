package io.lakehouse.bench;

import io.delta.kernel.Snapshot;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.utils.CloseableIterator;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The live files of a Delta snapshot, read with Delta Kernel (internal scan-file accessors, pinned to 4.4.0). */
final class DeltaFiles {
  /** One add action: the file, its partition values (raw strings) and the whole {@code add} struct. */
  record LiveFile(Path path, Map<String, String> partitionValues, Row add, boolean hasDeletionVector) {}

  private DeltaFiles() {}

  static List<LiveFile> of(Snapshot snapshot, Engine engine) throws Exception {
    List<LiveFile> out = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> batches =
             snapshot.getScanBuilder().build().getScanFiles(engine, true)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            Row row = rows.next();
            String location = InternalScanFileUtils.getAddFileStatus(row).getPath();
            out.add(new LiveFile(Path.of(URI.create(location)), InternalScanFileUtils.getPartitionValues(row),
                row.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL),
                InternalScanFileUtils.getDeletionVectorDescriptorFromRow(row) != null));
          }
        }
      }
    }
    return out;
  }
}
