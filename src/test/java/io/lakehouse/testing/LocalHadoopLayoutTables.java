package io.lakehouse.testing;

import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Files;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

import java.nio.file.Path;
import io.lakehouse.testing.s3.HadoopLayoutTables;
import java.util.Map;

/**
 * Iceberg tables in the exact on-disk layout of {@code HadoopTables} ({@code metadata/vN.metadata.json} +
 * {@code metadata/version-hint.text}), but over java.nio instead of Hadoop's FileSystem: {@link HadoopLayoutTables}
 * (the commit logic over any FileIO) with a local FileIO.
 *
 * <p>Why not HadoopTables itself: Hadoop's FileSystem needs UserGroupInformation, which needs commons-configuration2
 * & co; on this project's classpath the slim, dependency-less {@code hadoop-common} shadows the test-scoped
 * {@code hadoop-client-api}, so HadoopTables fails with NoClassDefFoundError. Everything else (snapshots, manifests,
 * Parquet via iceberg-parquet) is stock Iceberg through {@link BaseTable}. Single writer only: commits are
 * optimistic (the next vN file must not exist), which is all tests need.
 */
final class LocalHadoopLayoutTables {

  private LocalHadoopLayoutTables() { }

  /** Local files; locations may be plain absolute paths or {@code file:} URIs. */
  static final class LocalFileIO implements FileIO {
    @Override public InputFile newInputFile(String path) { return Files.localInput(strip(path)); }
    @Override public OutputFile newOutputFile(String path) {
      java.io.File f = new java.io.File(strip(path));
      f.getParentFile().mkdirs(); // Files.localOutput does not create folders (partition dirs)
      return Files.localOutput(f);
    }
    @Override public void deleteFile(String path) { new java.io.File(strip(path)).delete(); }

    private static String strip(String p) { return LocalKernelFileIO.toPath(p).toString(); }
  }

  static Table create(Path dir, Schema schema, PartitionSpec spec, Map<String, String> props) {
    return HadoopLayoutTables.create(new LocalFileIO(), dir.toAbsolutePath().toString(), schema, spec, props);
  }

  static Table load(Path dir) {
    return HadoopLayoutTables.load(new LocalFileIO(), dir.toAbsolutePath().toString());
  }
}
