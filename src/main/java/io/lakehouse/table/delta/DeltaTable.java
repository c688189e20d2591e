package io.lakehouse.table.delta;

import io.delta.kernel.Snapshot;
import io.delta.kernel.SnapshotBuilder;
import io.delta.kernel.TableManager;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.exceptions.UnsupportedProtocolVersionException;
import io.delta.kernel.exceptions.UnsupportedTableFeatureException;
import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.storage.ObjectStore;
import io.lakehouse.storage.StorageErrors;
import io.lakehouse.table.LakehouseTable;
import io.lakehouse.table.TableSnapshot;
import io.lakehouse.table.TimeTravel;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Delta table. The latest snapshot is re-read on every request (so new commits are seen on the next query);
 * snapshots pinned by version are immutable and kept in a small cache.
 */
final class DeltaTable implements LakehouseTable {
  private static final int VERSION_CACHE_SIZE = 16;

  private final String displayName;
  private final String location;
  private final ObjectStore store;
  private final Engine engine;
  private final Map<Long, DeltaSnapshot> byVersion = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, DeltaSnapshot> eldest) {
      return size() > VERSION_CACHE_SIZE;
    }
  };

  DeltaTable(String displayName, String location, ObjectStore store) {
    this.displayName = displayName;
    this.location = location;
    this.store = store;
    this.engine = DefaultEngine.create(new KernelFileIO(store));
  }

  @Override
  public TableSnapshot snapshot(TimeTravel at) throws SQLException {
    if (at instanceof TimeTravel.Latest) {
      // One directory listing tells whether the newest commit is one already loaded (commits are immutable).
      long newest = newestCommit();
      if (newest >= 0) {
        at = new TimeTravel.AtVersion(newest);
      }
    }
    if (at instanceof TimeTravel.AtVersion v) {
      synchronized (byVersion) {
        DeltaSnapshot cached = byVersion.get(v.version());
        if (cached != null) {
          return cached;
        }
      }
    }
    Snapshot loaded = load(at);
    synchronized (byVersion) {
      DeltaSnapshot cached = byVersion.get(loaded.getVersion());
      if (cached != null) {
        return cached;
      }
    }
    DeltaSnapshot snapshot = new DeltaSnapshot(displayName, location, loaded, engine);
    synchronized (byVersion) {
      byVersion.put(snapshot.version(), snapshot);
    }
    return snapshot;
  }

  /** The highest commit version in _delta_log, or -1 when it cannot be told from the listing. */
  private long newestCommit() {
    try {
      long newest = -1;
      for (ObjectStore.FileInfo f : store.list(location + "/_delta_log")) {
        String name = f.location().substring(f.location().lastIndexOf('/') + 1);
        if (name.length() == 25 && name.endsWith(".json") && name.substring(0, 20).chars().allMatch(
            Character::isDigit)) {
          newest = Math.max(newest, Long.parseLong(name.substring(0, 20)));
        }
      }
      return newest;
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private Snapshot load(TimeTravel at) throws SQLException {
    try {
      SnapshotBuilder builder = TableManager.loadSnapshot(location);
      if (at instanceof TimeTravel.Latest) {
        return builder.build(engine);
      } else if (at instanceof TimeTravel.AtVersion v) {
        if (v.version() < 0) {
          throw invalid("Delta versions start at 0; got " + v.version());
        }
        return builder.atVersion(v.version()).build(engine);
      } else if (at instanceof TimeTravel.AtTimestamp ts) {
        Snapshot latest = TableManager.loadSnapshot(location).build(engine);
        return builder.atTimestamp(ts.instant().toEpochMilli(), latest).build(engine);
      } else {
        throw invalid("Delta tables have no branches or tags; '" + ((TimeTravel.AtRef) at).name()
            + "' is not a version. Use FOR VERSION AS OF <number> or FOR TIMESTAMP AS OF <timestamp>");
      }
    } catch (UnsupportedTableFeatureException | UnsupportedProtocolVersionException e) {
      throw new LakehouseSqlException("Table '" + displayName + "' uses a Delta feature this driver cannot read: "
          + e.getMessage(), SqlState.NOT_SUPPORTED, e);
    } catch (TableNotFoundException e) {
      SQLException storage = StorageErrors.find(e, displayName);
      if (SqlState.AUTHENTICATION.is(storage)) {
        throw storage;
      }
      throw new LakehouseSqlException("Table '" + displayName + "' has no Delta log at its location",
          SqlState.STORAGE_FAILURE, e);
    } catch (KernelException e) {
      SQLException storage = StorageErrors.find(e, displayName);
      if (storage != null) {
        throw storage;
      }
      // Kernel's messages for a missing version or a timestamp outside the history are precise: keep them.
      throw invalid("Cannot read table '" + displayName + "' at " + at + ": " + e.getMessage());
    } catch (RuntimeException e) {
      SQLException storage = StorageErrors.find(e, displayName);
      if (storage != null) {
        throw storage;
      }
      throw new LakehouseSqlException("Cannot read table '" + displayName + "': " + e.getMessage(),
          SqlState.STORAGE_FAILURE, e);
    }
  }

  private static SQLException invalid(String message) {
    return new LakehouseSqlException(message, SqlState.INVALID_ARGUMENT);
  }
}
