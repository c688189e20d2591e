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
import io.lakehouse.table.PlanCache;
import io.lakehouse.table.TableSnapshot;
import io.lakehouse.table.TimeTravel;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Delta table, shared by the connections of a catalog scope. Versions are immutable: loaded snapshots are kept by
 * version (a few), with their plans. The latest snapshot is checked for freshness with one listing of
 * {@code _delta_log} from the last known commit: when that commit is still the newest (same name, size and
 * modification time, so a table replaced at the same location is not mistaken for it), the cached snapshot is used.
 */
final class DeltaTable implements LakehouseTable {
  private static final int VERSION_CACHE_SIZE = 8;

  private final String displayName;
  private final String location;
  private final String logDir;
  private final ObjectStore store;
  private final Engine engine;
  private final PlanCache plans = new PlanCache();
  private final Map<Long, DeltaSnapshot> byVersion = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, DeltaSnapshot> eldest) {
      return size() > VERSION_CACHE_SIZE;
    }
  };
  /** The latest snapshot as of the last freshness check, or null before the first. */
  private volatile Latest latest;

  /** The newest commit file seen by a freshness check, its snapshot, and when the check was made. */
  private record Latest(DeltaSnapshot snapshot, ObjectStore.FileInfo commit, long checkedNanos) {}

  DeltaTable(String displayName, String location, ObjectStore store) {
    this.displayName = displayName;
    this.location = location;
    this.logDir = location + "/_delta_log";
    this.store = store;
    this.engine = DefaultEngine.create(new KernelFileIO(store));
  }

  @Override
  public TableSnapshot snapshot(TimeTravel at, Duration maxStaleness) throws SQLException {
    if (at instanceof TimeTravel.Latest) {
      return latest(maxStaleness).snapshot();
    }
    if (at instanceof TimeTravel.AtVersion v) {
      DeltaSnapshot cached = cached(v.version());
      if (cached != null) {
        return cached;
      }
    }
    if (at instanceof TimeTravel.AtTimestamp) {
      // Kernel resolves a timestamp against a latest snapshot: the cached one, checked as any query checks it.
      return remember(load(at, latest(maxStaleness).snapshot().kernelSnapshot()));
    }
    return remember(load(at, null));
  }

  /** The latest snapshot: the cached one while its check is fresh enough or its commit is still the newest. */
  private Latest latest(Duration maxStaleness) throws SQLException {
    Latest known = latest;
    long now = System.nanoTime();
    if (known != null && now - known.checkedNanos() < maxStaleness.toNanos()) {
      return known;
    }
    if (known != null) {
      List<ObjectStore.FileInfo> newer = commitsFrom(known.snapshot().version());
      ObjectStore.FileInfo newest = newer.isEmpty() ? null : newer.get(newer.size() - 1);
      if (newest != null && sameFile(newest, known.commit())) {
        Latest checked = new Latest(known.snapshot(), known.commit(), now);
        latest = checked;
        return checked;
      }
      if (newest != null && version(newest) > known.snapshot().version()) {
        // New commits: load the newest one (immutable from now on).
        DeltaSnapshot s = cached(version(newest));
        if (s == null) {
          s = remember(load(new TimeTravel.AtVersion(version(newest)), null));
        }
        return record(s, newest, now);
      }
      // The known commit is gone or changed (table replaced, log rewritten or copied with new commit times): no
      // version loaded so far can be trusted; load from scratch.
      synchronized (byVersion) {
        byVersion.clear();
      }
    }
    DeltaSnapshot s = remember(load(TimeTravel.LATEST, null));
    List<ObjectStore.FileInfo> commits = commitsFrom(s.version());
    ObjectStore.FileInfo newest = commits.isEmpty() ? null : commits.get(commits.size() - 1);
    if (newest == null || version(newest) != s.version()) {
      // Kernel saw no commit file of its version (e.g. a catalog-managed table) or a commit landed meanwhile:
      // use the loaded snapshot without remembering a commit, so the next query loads again.
      return new Latest(s, null, now);
    }
    return record(s, newest, now);
  }

  private Latest record(DeltaSnapshot s, ObjectStore.FileInfo commit, long now) {
    Latest l = new Latest(s, commit, now);
    latest = l;
    return l;
  }

  private static boolean sameFile(ObjectStore.FileInfo a, ObjectStore.FileInfo b) {
    return b != null && a.location().equals(b.location()) && a.size() == b.size()
        && a.lastModified() == b.lastModified();
  }

  /** Commit files ({@code <20 digits>.json}) of this version and later, in version order: one listing. */
  private List<ObjectStore.FileInfo> commitsFrom(long version) throws SQLException {
    try {
      List<ObjectStore.FileInfo> out = new ArrayList<>();
      for (ObjectStore.FileInfo f : store.listFrom(logDir + "/" + String.format("%020d", version) + ".json")) {
        if (version(f) >= version) {
          out.add(f);
        }
      }
      return out;
    } catch (java.io.FileNotFoundException e) {
      return List.of();
    } catch (java.io.IOException e) {
      throw StorageErrors.find(e, displayName);
    }
  }

  /** The version of a commit file, or -1 for any other file. */
  private static long version(ObjectStore.FileInfo f) {
    String name = f.location().substring(f.location().lastIndexOf('/') + 1);
    if (name.length() == 25 && name.endsWith(".json") && name.substring(0, 20).chars().allMatch(
        Character::isDigit)) {
      return Long.parseLong(name.substring(0, 20));
    }
    return -1;
  }

  private DeltaSnapshot cached(long version) {
    synchronized (byVersion) {
      return byVersion.get(version);
    }
  }

  /** Wraps a loaded Kernel snapshot, or returns the one already kept for its version. */
  private DeltaSnapshot remember(Snapshot loaded) throws SQLException {
    DeltaSnapshot cached = cached(loaded.getVersion());
    if (cached != null) {
      return cached;
    }
    DeltaSnapshot snapshot = new DeltaSnapshot(displayName, location, loaded, engine, plans);
    synchronized (byVersion) {
      DeltaSnapshot raced = byVersion.putIfAbsent(snapshot.version(), snapshot);
      return raced != null ? raced : snapshot;
    }
  }

  private Snapshot load(TimeTravel at, Snapshot latestSnapshot) throws SQLException {
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
        return builder.atTimestamp(ts.instant().toEpochMilli(), latestSnapshot).build(engine);
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
