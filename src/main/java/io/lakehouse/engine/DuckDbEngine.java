package io.lakehouse.engine;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.duckdb.DuckDBConnection;

/**
 * One embedded, in-memory DuckDB database, locked down before any query runs: it may read only the allowed
 * directories, cannot reach the network, load extensions or change its own settings afterwards. Each statement
 * gets its own {@link EngineSession} (a duplicate connection onto the same database), because a failed DuckDB
 * JDBC statement closes itself and because result sets of different statements must not interfere.
 *
 * <p>DuckDB invalidates a database after an internal ("INTERNAL Error") or fatal error: every later statement on it
 * fails. A session that sees such an error reports it here, and the next session is opened on a fresh database with
 * the same settings (sandbox, limits, time zone). Nothing of value lives in the database between statements (table
 * snapshots are pinned in the driver, temporary tables belong to one session), so the restart loses nothing.
 */
public final class DuckDbEngine implements AutoCloseable {
  private final AtomicInteger openSessions = new AtomicInteger();
  private final AtomicInteger restarts = new AtomicInteger();
  private EngineSettings settings;
  /** The current database; replaced after a fatal error. Guarded by this. */
  private Database current;
  private boolean closed;

  /** One DuckDB database instance and whether DuckDB has invalidated it. */
  static final class Database {
    final DuckDBConnection root;
    volatile boolean invalidated;

    Database(DuckDBConnection root) {
      this.root = root;
    }
  }

  private DuckDbEngine(EngineSettings settings, Database database) {
    this.settings = settings;
    this.current = database;
  }

  public static DuckDbEngine start(EngineSettings settings) throws SQLException {
    return new DuckDbEngine(settings, open(settings));
  }

  private static Database open(EngineSettings settings) throws SQLException {
    Properties props = new Properties();
    props.setProperty("duckdb.read_only", "false");
    Connection c;
    try {
      Class.forName("org.duckdb.DuckDBDriver");
      c = DriverManager.getConnection("jdbc:duckdb:", props);
    } catch (ClassNotFoundException | SQLException | LinkageError e) {
      throw new LakehouseSqlException("Cannot start the embedded DuckDB engine: " + e.getMessage(),
          SqlState.CONNECTION_FAILED, e);
    }
    DuckDBConnection duck = c.unwrap(DuckDBConnection.class);
    try (Statement s = duck.createStatement()) {
      for (String setting : sandbox(settings)) {
        s.execute(setting);
      }
    } catch (SQLException e) {
      duck.close();
      throw new LakehouseSqlException("Cannot configure the embedded DuckDB engine: " + e.getMessage(),
          SqlState.CONNECTION_FAILED, e);
    }
    return new Database(duck);
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
    if (current.invalidated) {
      restart(settings);
    }
    Database db = current;
    EngineSession session = new EngineSession(db.root.duplicate(), openSessions::decrementAndGet,
        () -> invalidate(db));
    openSessions.incrementAndGet();
    return session;
  }

  /** Marks a database unusable (DuckDB said so); the next session starts a fresh one. */
  void invalidate(Database db) {
    db.invalidated = true;
  }

  /** Whether the next statement will run on a fresh database because the current one failed fatally. */
  public synchronized boolean needsRestart() {
    return current.invalidated;
  }

  /** How often a fatal engine error made the engine start a fresh database (diagnostics, tests). */
  public int restarts() {
    return restarts.get();
  }

  /**
   * Replaces the database by a fresh one with these settings (e.g. another session time zone). Sessions still
   * open on the old database keep it alive until they close.
   */
  public synchronized void restart(EngineSettings newSettings) throws SQLException {
    Database fresh = open(newSettings);
    Database old = current;
    current = fresh;
    settings = newSettings;
    if (old.invalidated) {
      restarts.incrementAndGet();
    }
    try {
      old.root.close();
    } catch (SQLException ignored) {
      // an invalidated database may refuse even this; its sessions release it when they close
    }
  }

  public synchronized EngineSettings settings() {
    return settings;
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
  public synchronized void close() throws SQLException {
    closed = true;
    current.root.close();
  }
}
