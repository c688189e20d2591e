package io.lakehouse.table.delta;

import io.lakehouse.storage.ObjectStore;
import io.lakehouse.table.LakehouseTable;
import io.lakehouse.table.TableFormat;

/** Delta Lake, read with Delta Kernel for Java. */
public final class DeltaFormat implements TableFormat {
  @Override
  public String name() {
    return "delta";
  }

  @Override
  public LakehouseTable open(String displayName, String location, ObjectStore store) {
    return new DeltaTable(displayName, location, store);
  }
}
