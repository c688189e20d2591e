package io.lakehouse.table;

import io.lakehouse.storage.ObjectStore;
import java.sql.SQLException;

/** The table-format SPI: opens a table at a location through an object store. */
public interface TableFormat {
  /** {@code delta} or {@code iceberg}. */
  String name();

  /**
   * Opens a table. Cheap: reading metadata waits for {@link LakehouseTable#snapshot}.
   *
   * @param displayName the table's name for messages
   * @param location table root, or for Iceberg also a metadata file
   */
  LakehouseTable open(String displayName, String location, ObjectStore store) throws SQLException;
}
