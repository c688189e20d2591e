package io.lakehouse.testing.azure;

import io.lakehouse.testing.IcebergTestWriter;
import io.lakehouse.testing.s3.HadoopLayoutTables;
import io.lakehouse.testing.s3.S3IcebergWriter;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;

/**
 * Iceberg test tables on Azure Blob Storage (Azurite): the full {@link IcebergTestWriter} (appends, tags/branches,
 * position and equality deletes, schema evolution) over an {@link AzureTestFileIO} and an Azure location such as
 * {@code abfss://lake@devstoreaccount1.dfs.core.windows.net/wh/orders} or
 * {@code azure://devstoreaccount1/lake/wh/orders}. Metadata files, manifest lists, manifests, data and delete files
 * (and the data-file paths inside position-delete files) then all hold locations in that spelling.
 *
 * <p>Layout and commit protocol are {@link HadoopLayoutTables}' ({@code metadata/vN.metadata.json} +
 * {@code version-hint.text}); the wrapping into an {@link IcebergTestWriter} is {@link S3IcebergWriter#wrap}'s
 * (nothing in either is S3-specific: both work over any FileIO).
 */
public final class AzureIcebergWriter {

  private AzureIcebergWriter() { }

  /** A new format-version 2 table at {@code location} (any spelling {@link AzureTestFileIO} maps). */
  public static IcebergTestWriter create(AzureTestFileIO io, String location, Schema schema, PartitionSpec spec) {
    io.locate(location);  // fail early on a location the FileIO (and so the test) does not serve
    return S3IcebergWriter.create(io, location, schema, spec);
  }

  public static IcebergTestWriter create(AzureTestFileIO io, String location, Schema schema) {
    return create(io, location, schema, PartitionSpec.unpartitioned());
  }

  /** The table at {@code location} as an {@link IcebergTestWriter} (e.g. to append more later). */
  public static IcebergTestWriter open(AzureTestFileIO io, String location) {
    return S3IcebergWriter.wrap(load(io, location));
  }

  /**
   * A fresh {@link Table} read from storage (its current metadata via version-hint.text), independent of any
   * writer's in-memory state: use it for reference reads with Iceberg's own reader.
   */
  public static Table load(AzureTestFileIO io, String location) {
    return HadoopLayoutTables.load(io, location);
  }
}
