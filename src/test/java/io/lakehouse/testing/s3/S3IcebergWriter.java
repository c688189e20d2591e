package io.lakehouse.testing.s3;

import io.lakehouse.testing.IcebergTestWriter;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.FileIO;

import java.util.Map;

/**
 * Iceberg test tables on object storage: the full {@link IcebergTestWriter} (append, branches/tags, position and
 * equality deletes, schema evolution) over a {@link FileIO} + location, e.g. {@code s3://bucket/warehouse/orders}
 * written through {@link S3TestFileIO} to an {@link S3ProxyServer}. Every manifest, manifest list, data and delete
 * file — and every path inside position-delete files — then holds {@code s3://...} locations.
 *
 * <p>The table itself comes from {@link HadoopLayoutTables} over the given FileIO.
 */
public final class S3IcebergWriter {

  private S3IcebergWriter() { }

  /** A new format-version 2 table at {@code location} (e.g. {@code s3://b/wh/t}). */
  public static IcebergTestWriter create(FileIO io, String location, Schema schema, PartitionSpec spec) {
    Map<String, String> props = Map.of(TableProperties.FORMAT_VERSION, "2");
    return wrap(HadoopLayoutTables.create(io, location, schema, spec, props));
  }

  public static IcebergTestWriter create(FileIO io, String location, Schema schema) {
    return create(io, location, schema, PartitionSpec.unpartitioned());
  }

  /** Shortcut: {@code s3://<bucket>/<path>} on {@code s3} through an {@link S3TestFileIO} over its shared client. */
  public static IcebergTestWriter create(S3ProxyServer s3, String bucket, String path, Schema schema,
                                         PartitionSpec spec) {
    return create(new S3TestFileIO(s3.client()), "s3://" + bucket + "/" + path, schema, spec);
  }

  public static IcebergTestWriter open(FileIO io, String location) {
    return wrap(HadoopLayoutTables.load(io, location));
  }

  /** Any {@link Table} (its io() and locationProvider() decide where files go) as an {@link IcebergTestWriter}. */
  public static IcebergTestWriter wrap(Table table) {
    return IcebergTestWriter.forTable(table);
  }

}
