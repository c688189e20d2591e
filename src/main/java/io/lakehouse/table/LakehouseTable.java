package io.lakehouse.table;

import java.sql.SQLException;

/** An opened table. Thread-safe; snapshots are immutable. */
public interface LakehouseTable {
  /**
   * Pins the snapshot a time-travel clause asks for.
   *
   * @throws SQLException 22023 when the version, timestamp or ref does not exist, 0A000 when the snapshot uses a
   *     feature the driver cannot read correctly
   */
  TableSnapshot snapshot(TimeTravel at) throws SQLException;
}
