package io.lakehouse.table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans of one immutable snapshot, by predicate list: IDEs and dashboards repeat the same queries, and a snapshot's
 * files never change. Small and LRU; thread-safe.
 */
public final class PlanCache {
  private static final int ENTRIES = 8;

  private final Map<List<ColumnPredicate>, ScanPlan> plans = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<List<ColumnPredicate>, ScanPlan> eldest) {
      return size() > ENTRIES;
    }
  };

  /** Planning work that may fail with an SQLException. */
  public interface Planner {
    ScanPlan plan(List<ColumnPredicate> predicates) throws java.sql.SQLException;
  }

  public ScanPlan get(List<ColumnPredicate> predicates, Planner planner) throws java.sql.SQLException {
    List<ColumnPredicate> key = List.copyOf(predicates);
    synchronized (plans) {
      ScanPlan cached = plans.get(key);
      if (cached != null) {
        return cached;
      }
    }
    ScanPlan plan = planner.plan(key);
    synchronized (plans) {
      plans.put(key, plan);
    }
    return plan;
  }
}
