package io.lakehouse.table.iceberg;

import io.lakehouse.storage.ObjectStore;
import io.lakehouse.table.LakehouseTable;
import io.lakehouse.table.TableFormat;

/** Apache Iceberg, read with Iceberg's Java core library. */
public final class IcebergFormat implements TableFormat {
  @Override
  public String name() {
    return "iceberg";
  }

  /**
   * Whether a file name is an Iceberg table metadata file: {@code v3.metadata.json},
   * {@code 00003-<uuid>.metadata.json}, gzip-compressed {@code *.gz.metadata.json} or the older
   * {@code *.metadata.json.gz}.
   */
  public static boolean isMetadataFile(String name) {
    return name.endsWith(".metadata.json") || name.endsWith(".metadata.json.gz");
  }

  @Override
  public LakehouseTable open(String displayName, String location, ObjectStore store) {
    return new IcebergTable(displayName, location, store);
  }
}
