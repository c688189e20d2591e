package io.lakehouse.table;

import java.sql.SQLException;
import java.time.Duration;

/** An opened table. Thread-safe; snapshots are immutable. */
public interface LakehouseTable {
  /**
   * Pins the snapshot a time-travel clause asks for. The latest snapshot is checked for freshness first (one cheap
   * storage request), so a commit made by another writer is seen by the next query.
   *
   * @throws SQLException 22023 when the version, timestamp or ref does not exist, 0A000 when the snapshot uses a
   *     feature the driver cannot read correctly
   */
  default TableSnapshot snapshot(TimeTravel at) throws SQLException {
    return snapshot(at, Duration.ZERO);
  }

  /**
   * {@link #snapshot(TimeTravel)}, accepting for the latest snapshot one whose freshness was checked less than
   * {@code maxStaleness} ago (then no storage request at all is made); {@link Duration#ZERO} always checks.
   * Snapshots pinned by version never need a check.
   */
  TableSnapshot snapshot(TimeTravel at, Duration maxStaleness) throws SQLException;
}
