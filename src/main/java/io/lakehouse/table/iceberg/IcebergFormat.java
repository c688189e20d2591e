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

  @Override
  public LakehouseTable open(String displayName, String location, ObjectStore store) {
    return new IcebergTable(displayName, location, store);
  }
}
