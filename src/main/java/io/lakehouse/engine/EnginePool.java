package io.lakehouse.engine;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The DuckDB databases of a driver (or data source): connections of the same owner with identical
 * {@link EngineSettings} (allowed directories = the owner's view of the catalog, limits, temp directory, time zone)
 * share one database, each statement on a duplicate connection of its own. Starting DuckDB and locking it down costs
 * tens of milliseconds; a shared database costs a connection nothing.
 *
 * <p>Sharing never crosses owners: the owner is the principal (and organisation) a connection runs as, so two
 * principals never run on one database even when their settings are equal, and different settings (another tenant's
 * directories, another time zone) are another database anyway. Nothing of a principal lives in a database between
 * statements: snapshots are pinned in the driver, temporary tables belong to one statement's session.
 *
 * <p>A database is reference-counted by the {@link DuckDbEngine}s leasing it. When the last one is closed the
 * database stays open for {@code idle} (so an application that opens and closes a connection per request does not
 * restart DuckDB every time), then it is closed by a daemon thread. {@code idle = 0} closes it at once.
 */
public final class EnginePool implements AutoCloseable {
  private static final Duration DEFAULT_IDLE = Duration.ofSeconds(30);

  private final long idleNanos;
  private final Map<Key, SharedDatabase> databases = new ConcurrentHashMap<>();
  private final ScheduledExecutorService reaper;
  private volatile boolean closed;

  /** What decides sharing: the same owner and the same settings. */
  record Key(String owner, EngineSettings settings) { }

  /** A pool that keeps unused databases for 30 seconds. */
  public EnginePool() {
    this(DEFAULT_IDLE);
  }

  public EnginePool(Duration idle) {
    this.idleNanos = idle.toNanos();
    if (idle.isZero()) {
      this.reaper = null;
    } else {
      ScheduledThreadPoolExecutor r = new ScheduledThreadPoolExecutor(1, task -> {
        Thread t = new Thread(task, "lakehouse-engine-idle");
        t.setDaemon(true);
        return t;
      });
      // No thread while nothing is waiting to be closed (a discarded data source leaves none behind).
      r.setKeepAliveTime(1, TimeUnit.SECONDS);
      r.allowCoreThreadTimeOut(true);
      r.setRemoveOnCancelPolicy(true);
      this.reaper = r;
    }
  }

  /**
   * An engine for one connection, on the database shared by this owner's connections with these settings (started
   * now if there is none).
   *
   * @param owner who the connection runs as (principal and organisation; "" for a catalog without users)
   */
  public DuckDbEngine open(String owner, EngineSettings settings) throws SQLException {
    DuckDbEngine engine = new DuckDbEngine(this, owner, settings);
    try {
      engine.newSession().close(); // fail the connection, not its first statement, if DuckDB cannot start
    } catch (SQLException e) {
      engine.close();
      throw e;
    }
    return engine;
  }

  /** A lease on the database for (owner, settings). */
  SharedDatabase lease(String owner, EngineSettings settings) throws SQLException {
    if (closed) {
      throw new LakehouseSqlException("The driver's engine pool is closed", SqlState.CONNECTION_CLOSED);
    }
    Key key = new Key(owner, settings);
    while (true) {
      SharedDatabase db = databases.computeIfAbsent(key, k -> new SharedDatabase(k.settings()));
      if (db.lease()) {
        return db;
      }
      databases.remove(key, db); // closed while idle: make a new one
    }
  }

  /** Gives a lease back; the last one closes the database now or after the idle time. */
  void release(String owner, SharedDatabase db) {
    if (!db.release()) {
      return;
    }
    Key key = new Key(owner, db.settings());
    if (reaper == null || closed) {
      if (db.closeIfIdle(0)) {
        databases.remove(key, db);
      }
      return;
    }
    reaper.schedule(() -> {
      if (db.closeIfIdle(idleNanos)) {
        databases.remove(key, db);
      }
    }, idleNanos + TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.NANOSECONDS);
  }

  /** Databases open now (leased or idle): for tests and diagnostics. */
  public int databases() {
    return (int) databases.values().stream().filter(d -> !d.isClosed()).count();
  }

  /** Databases open now with their settings, for tests. */
  List<EngineSettings> openSettings() {
    return databases.values().stream().filter(d -> !d.isClosed()).map(SharedDatabase::settings).toList();
  }

  /** Closes every database, leased or not; engines still open fail their next statement with 08003. */
  @Override
  public void close() {
    closed = true;
    if (reaper != null) {
      reaper.shutdownNow();
    }
    for (SharedDatabase db : databases.values()) {
      db.close();
    }
    databases.clear();
  }
}
