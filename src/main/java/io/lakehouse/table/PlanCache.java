package io.lakehouse.table;

import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans of one table, by snapshot and predicate list: IDEs and dashboards repeat the same queries, and a snapshot's
 * files never change. One per opened table (so shared by every connection that shares the table), LRU, bounded
 * both in entries and in the planned files it holds, so a few plans of a 100,000-file table cannot pin the heap: a
 * plan larger than the file budget is returned but not kept. Thread-safe.
 */
public final class PlanCache {
  /** Plans kept per table. */
  public static final int MAX_ENTRIES = 16;
  /** Planned files kept per table, over all its cached plans (a file costs a few hundred bytes). */
  public static final int MAX_FILES = 200_000;

  private final int maxEntries;
  private final long maxFiles;
  private long files;
  private final LinkedHashMap<Key, ScanPlan> plans = new LinkedHashMap<>(16, 0.75f, true);

  /**
   * @param snapshot the planned snapshot, compared by identity (a snapshot object stands for one version read one
   *     way: an Iceberg snapshot read with the table's current schema is another object than the same snapshot
   *     read by time travel)
   */
  private record Key(IdentityKey snapshot, List<ColumnPredicate> predicates) {}

  /** Identity equality for a snapshot object. */
  private record IdentityKey(Object ref) {
    @Override
    public boolean equals(Object o) {
      return o instanceof IdentityKey k && k.ref == ref;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(ref);
    }
  }

  public PlanCache() {
    this(MAX_ENTRIES, MAX_FILES);
  }

  public PlanCache(int maxEntries, long maxFiles) {
    this.maxEntries = maxEntries;
    this.maxFiles = maxFiles;
  }

  /** Planning work that may fail with an SQLException. */
  public interface Planner {
    ScanPlan plan(List<ColumnPredicate> predicates) throws SQLException;
  }

  /** The cached plan of this snapshot and predicate list, planning it (outside the lock) when there is none. */
  public ScanPlan get(TableSnapshot snapshot, List<ColumnPredicate> predicates, Planner planner)
      throws SQLException {
    List<ColumnPredicate> list = List.copyOf(predicates);
    Key key = new Key(new IdentityKey(snapshot), list);
    synchronized (plans) {
      ScanPlan cached = plans.get(key);
      if (cached != null) {
        return cached;
      }
    }
    ScanPlan plan = planner.plan(list);
    put(key, plan);
    return plan;
  }

  private void put(Key key, ScanPlan plan) {
    int size = plan.files().size();
    if (size > maxFiles) {
      return;
    }
    synchronized (plans) {
      ScanPlan old = plans.put(key, plan);
      files += size - (old == null ? 0 : old.files().size());
      Iterator<Map.Entry<Key, ScanPlan>> eldest = plans.entrySet().iterator();
      while ((plans.size() > maxEntries || files > maxFiles) && eldest.hasNext()) {
        Map.Entry<Key, ScanPlan> e = eldest.next();
        if (e.getKey().equals(key)) {
          continue;
        }
        files -= e.getValue().files().size();
        eldest.remove();
      }
    }
  }

  /** Plans held now. */
  public int size() {
    synchronized (plans) {
      return plans.size();
    }
  }
}
