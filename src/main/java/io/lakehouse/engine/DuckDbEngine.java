package io.lakehouse.engine;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection's engine: an embedded, in-memory DuckDB database, locked down before any query runs: it may read only
 * the allowed directories, cannot reach the network, load extensions or change its own settings afterwards. The
 * database is shared with the same owner's other connections whose settings are identical ({@link EnginePool}); each
 * statement gets its own {@link EngineSession} (a duplicate connection onto the database), because a failed DuckDB
 * JDBC statement closes itself and because result sets of different statements must not interfere.
 *
 * <p>DuckDB invalidates a database after an internal ("INTERNAL Error") or fatal error: every later statement on it
 * fails. A session that sees such an error reports it, and the next session of any connection sharing the database
 * is opened on a fresh database with the same settings (sandbox, limits, time zone). Nothing of value lives in the
 * database between statements (table snapshots are pinned in the driver, temporary tables belong to one session),
 * so the restart loses nothing.
 */
public final class DuckDbEngine implements AutoCloseable {
  private final AtomicInteger openSessions = new AtomicInteger();
  private final EnginePool pool;
  private final String owner;
  /** The shared database this engine leases; another one after {@link #restart}. Guarded by this. */
  private SharedDatabase shared;
  /** Fatal restarts of databases this engine left, and the leased database's count when it was leased. */
  private int restartsBefore;
  private int restartsAtLease;
  private boolean closed;

  DuckDbEngine(EnginePool pool, String owner, EngineSettings settings) throws SQLException {
    this.pool = pool;
    this.owner = owner;
    this.shared = pool.lease(owner, settings);
    this.restartsAtLease = shared.restarts();
  }

  /**
   * An engine with a database of its own (not shared, closed with the engine): for tests and tools. Its temp
   * directory is a private folder inside the settings' one.
   */
  public static DuckDbEngine start(EngineSettings settings) throws SQLException {
    return new EnginePool(Duration.ZERO).open("", settings);
  }

  /** The settings, in the order DuckDB requires (allowed directories before disabling external access). */
  static List<String> sandbox(EngineSettings settings) {
    List<String> sql = new ArrayList<>();
    sql.add("SET autoinstall_known_extensions = false");
    sql.add("SET autoload_known_extensions = false");
    sql.add("SET temp_directory = " + literal(settings.tempDirectory().toString()));
    List<String> dirs = new ArrayList<>();
    for (Path p : settings.allowedDirectories()) {
      dirs.add(literal(withSlash(p)));
    }
    dirs.add(literal(withSlash(settings.tempDirectory())));
    sql.add("SET allowed_directories = [" + String.join(", ", dirs) + "]");
    if (settings.threads() != null) {
      sql.add("SET threads = " + settings.threads());
    }
    if (settings.memoryLimit() != null) {
      sql.add("SET memory_limit = " + literal(settings.memoryLimit()));
    }
    sql.add("SET TimeZone = " + literal(duckdbZone(settings.timeZone())));
    // read_parquet with a schema parameter (how every column is matched by field id or name) gives DuckDB no row
    // estimate (~1 row), so this optimizer put a scan's millions of rows on the build side of the anti join that
    // removes deleted rows (8x slower on 1M rows with 0.1% deleted). Without it, a join builds on its right side,
    // which the driver writes as the small side (deleted positions, equality deletes).
    sql.add("SET disabled_optimizers = 'build_side_probe_side'");
    sql.add("SET enable_external_access = false");
    sql.add("SET lock_configuration = true");
    return sql;
  }

  /** DuckDB's (ICU's) name of a zone id: fixed offsets are GMT+hh:mm to it, "+02:00" is unknown. */
  static String duckdbZone(String zone) {
    return zone.matches("[+-]\\d{2}:\\d{2}") ? "GMT" + zone : zone;
  }

  private static String withSlash(Path p) {
    String s = p.toAbsolutePath().normalize().toString();
    return s.endsWith("/") ? s : s + "/";
  }

  /** A SQL string literal. */
  public static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** A session for one statement, on a fresh database if the current one was invalidated. */
  public synchronized EngineSession newSession() throws SQLException {
    if (closed) {
      throw new LakehouseSqlException("The engine is closed", SqlState.CONNECTION_CLOSED);
    }
    SharedDatabase.Connected connected = shared.connect();
    SharedDatabase.Instance db = connected.instance();
    EngineSession session = new EngineSession(connected.connection(), db.tempFolder, () -> {
      openSessions.decrementAndGet();
      db.sessionClosed();
    }, () -> db.invalidated = true);
    openSessions.incrementAndGet();
    return session;
  }

  /** Whether the next statement will run on a fresh database because the current one failed fatally. */
  public synchronized boolean needsRestart() {
    return shared.needsRestart();
  }

  /**
   * How often, while this engine used it, a fatal engine error made its database start afresh (diagnostics, tests).
   */
  public synchronized int restarts() {
    return restartsBefore + shared.restarts() - restartsAtLease;
  }

  /**
   * Moves this engine to the database for other settings (e.g. another session time zone), shared with the owner's
   * connections that have those settings; other connections on the old database are not affected. Sessions still
   * open on the old database keep it alive until they close.
   */
  public synchronized void restart(EngineSettings newSettings) throws SQLException {
    if (closed) {
      throw new LakehouseSqlException("The engine is closed", SqlState.CONNECTION_CLOSED);
    }
    SharedDatabase fresh = pool.lease(owner, newSettings);
    try {
      fresh.instance();
    } catch (SQLException e) {
      pool.release(owner, fresh);
      throw e;
    }
    SharedDatabase old = shared;
    restartsBefore += old.restarts() - restartsAtLease;
    shared = fresh;
    restartsAtLease = fresh.restarts();
    pool.release(owner, old);
  }

  /** The settings this engine's database was asked for (its temp folder is a private one inside their directory). */
  public synchronized EngineSettings settings() {
    return shared.settings();
  }

  /**
   * Whether a statement can run now: a trivial query on the current database, restarting it first if a fatal error
   * invalidated it (and once more if this very check finds it invalidated).
   */
  public boolean check(int timeoutSeconds) {
    for (int attempt = 0; attempt < 2; attempt++) {
      try (EngineSession session = newSession()) {
        Object one = session.scalar("SELECT 1", List.of(), timeoutSeconds);
        return Integer.valueOf(1).equals(one);
      } catch (SQLException e) {
        if (!DuckDbErrors.isFatal(e)) {
          return false;
        }
      }
    }
    return false;
  }

  /** Sessions (duplicate DuckDB connections) not closed yet: what cancel and close must bring back to zero. */
  public int openSessions() {
    return openSessions.get();
  }

  /**
   * The engine's value of a DuckDB setting, for diagnostics and tests: user SQL cannot call current_setting
   * (SqlPolicy), the driver can.
   */
  public String currentSetting(String name) throws SQLException {
    try (EngineSession session = newSession()) {
      return String.valueOf(session.scalar("SELECT current_setting($1)", List.of(name)));
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    pool.release(owner, shared);
  }
}
