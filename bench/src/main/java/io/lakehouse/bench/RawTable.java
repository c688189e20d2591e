package io.lakehouse.bench;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.IcebergTestWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.io.CloseableIterable;

/**
 * How plain DuckDB reads one table's current snapshot: its data files (listed by the reference library: Delta
 * Kernel's scan files, Iceberg's planFiles), the partition column from the {@code key=value} folders where the
 * format does not store it in the file (Delta), and deleted positions anti-joined on (file name, row number).
 *
 * @param hiveTypes DuckDB's {@code hive_types} for the partition column, or null when the files hold it
 * @param deletes SQL of a relation {@code (file_path, pos)} of deleted rows, or null
 */
record RawTable(String name, List<String> dataFiles, String hiveTypes, String deletes) {

  static RawTable delta(Path dataDir, String name, String hiveTypes, String deletes) throws Exception {
    DeltaTestWriter w = DeltaTestWriter.open(dataDir.resolve(name));
    List<String> files = new ArrayList<>();
    for (DeltaFiles.LiveFile f : DeltaFiles.of(w.snapshot(), w.engine())) {
      files.add(f.path().toString());
    }
    files.sort(null);
    return new RawTable(name, files, hiveTypes, deletes);
  }

  static RawTable iceberg(Path dataDir, String name) throws Exception {
    IcebergTestWriter w = IcebergTestWriter.open(dataDir.resolve(name));
    List<String> files = new ArrayList<>();
    List<String> deleteFiles = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = w.table().newScan().planFiles()) {
      for (FileScanTask t : tasks) {
        files.add(t.file().location());
        t.deletes().forEach(d -> deleteFiles.add(d.location()));
      }
    }
    List<String> data = files.stream().distinct().sorted().toList();
    List<String> deletes = deleteFiles.stream().distinct().sorted().toList();
    return new RawTable(name, data, null,
        deletes.isEmpty() ? null : "(SELECT file_path, pos FROM read_parquet(" + list(deletes) + "))");
  }

  /** The table's rows over {@code files} (all data files, or the ideal subset), optionally with {@code filename}. */
  String source(List<String> files, boolean withFilename) {
    String options = (hiveTypes == null ? ", hive_partitioning = false"
        : ", hive_partitioning = true, hive_types = " + hiveTypes)
        + (withFilename || deletes != null ? ", filename = true" : "")
        + (deletes != null ? ", file_row_number = true" : "");
    String scan = "read_parquet(" + list(files) + options + ")";
    if (deletes == null) {
      return "SELECT * FROM " + scan;
    }
    return "SELECT t.* EXCLUDE (file_row_number" + (withFilename ? "" : ", filename") + ") FROM " + scan
        + " t ANTI JOIN " + deletes + " x ON t.filename = x.file_path AND t.file_row_number = x.pos";
  }

  static String list(List<String> files) {
    StringBuilder s = new StringBuilder("[");
    for (String f : files) {
      s.append(s.length() > 1 ? ", " : "").append('\'').append(f.replace("'", "''")).append('\'');
    }
    return s.append(']').toString();
  }
}
