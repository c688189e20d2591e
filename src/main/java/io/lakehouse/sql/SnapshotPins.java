package io.lakehouse.sql;

import io.lakehouse.table.LakehouseTable;
import io.lakehouse.table.TableSnapshot;
import io.lakehouse.table.TimeTravel;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Snapshot isolation for a JDBC transaction: while pinning is on ({@code autoCommit=false}), the first read of a
 * (table, time-travel) pair fixes the snapshot that every later statement of the transaction sees. With
 * auto-commit every statement pins its own snapshots.
 */
public final class SnapshotPins {
  private final Map<List<Object>, TableSnapshot> pinned = new HashMap<>();
  private boolean enabled;

  public synchronized void setEnabled(boolean enabled) {
    this.enabled = enabled;
    pinned.clear();
  }

  /** Ends the transaction: the next statement sees new commits. */
  public synchronized void release() {
    pinned.clear();
  }

  synchronized TableSnapshot snapshot(LakehouseTable table, TimeTravel at) throws SQLException {
    if (!enabled) {
      return table.snapshot(at);
    }
    List<Object> key = List.of(table, at);
    TableSnapshot s = pinned.get(key);
    if (s == null) {
      s = table.snapshot(at);
      pinned.put(key, s);
    }
    return s;
  }
}
