package io.lakehouse.table;

import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans by snapshot and predicate list: IDEs and dashboards repeat the same queries, and a snapshot's files never
 * change. Each opened table has one (so connections sharing the table share its plans); all of them keep their plans
 * in one JVM-wide LRU, bounded both in plans and in planned files, so a few plans of 100,000-file tables cannot pin
 * the heap: a plan larger than the file budget is returned but not kept. Thread-safe.
 */
public final class PlanCache {
  /** Plans kept, over all tables. */
  public static final int MAX_ENTRIES = 256;
  /** Planned files kept, over all cached plans of all tables (a file costs a few hundred bytes). */
  public static final int MAX_FILES = 250_000;

  private static final Lru SHARED = new Lru(MAX_ENTRIES, MAX_FILES);

  private final Lru lru;

  /**
   * @param owner this cache (plans of different tables never match)
   * @param snapshot the planned snapshot, compared by identity (a snapshot object stands for one version read one
   *     way: an Iceberg snapshot read with the table's current schema is another object than the same snapshot
   *     read by time travel)
   */
  private record Key(IdentityKey owner, IdentityKey snapshot, List<ColumnPredicate> predicates) {}

  /** Identity equality. */
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

  /** A cache keeping its plans in the JVM-wide LRU. */
  public PlanCache() {
    this.lru = SHARED;
  }

  /** A cache with its own bounds (tests). */
  public PlanCache(int maxEntries, long maxFiles) {
    this.lru = new Lru(maxEntries, maxFiles);
  }

  /** Planning work that may fail with an SQLException. */
  public interface Planner {
    ScanPlan plan(List<ColumnPredicate> predicates) throws SQLException;
  }

  /** The cached plan of this snapshot and predicate list, planning it (outside the lock) when there is none. */
  public ScanPlan get(TableSnapshot snapshot, List<ColumnPredicate> predicates, Planner planner)
      throws SQLException {
    List<ColumnPredicate> list = List.copyOf(predicates);
    Key key = new Key(new IdentityKey(this), new IdentityKey(snapshot), list);
    ScanPlan cached = lru.get(key);
    if (cached != null) {
      return cached;
    }
    ScanPlan plan = planner.plan(list);
    lru.put(key, plan);
    return plan;
  }

  /** Plans this cache holds now. */
  public int size() {
    return lru.count(this);
  }

  /** Least recently used plans first out beyond either bound. */
  private static final class Lru {
    private final int maxEntries;
    private final long maxFiles;
    private long files;
    private final LinkedHashMap<Key, ScanPlan> plans = new LinkedHashMap<>(16, 0.75f, true);

    Lru(int maxEntries, long maxFiles) {
      this.maxEntries = maxEntries;
      this.maxFiles = maxFiles;
    }

    synchronized ScanPlan get(Key key) {
      return plans.get(key);
    }

    synchronized void put(Key key, ScanPlan plan) {
      int size = plan.files().size();
      if (size > maxFiles) {
        return;
      }
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

    synchronized int count(PlanCache owner) {
      return (int) plans.keySet().stream().filter(k -> k.owner().ref() == owner).count();
    }
  }
}
