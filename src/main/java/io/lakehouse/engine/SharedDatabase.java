package io.lakehouse.engine;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;

/**
 * One sandboxed DuckDB database used by every connection of one owner (principal) with identical
 * {@link EngineSettings}; each statement of each connection runs on its own duplicate connection (an
 * {@link EngineSession}), so temporary tables and results stay per statement.
 *
 * <p>After a fatal error (DuckDB invalidates the whole database) the next session of <em>any</em> connection sharing
 * it opens a fresh database with the same settings: each connection loses at most the statement that met the
 * invalidated database. Each DuckDB instance spills into a private folder of its own inside the settings' temp
 * directory, deleted when that instance and its last session are closed.
 */
final class SharedDatabase {
  /** Temp folders of instances not closed yet: removed at JVM exit if the application never closed them. */
  private static final Set<Path> LIVE_FOLDERS = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE_FOLDERS.forEach(SharedDatabase::deleteRecursively),
        "lakehouse-engine-cleanup"));
  }

  private final EngineSettings settings;
  /** Guarded by this. */
  private Instance current;
  private int leases;
  private long releasedAt;
  private boolean closed;
  private int restarts;

  /** One DuckDB database instance, whether DuckDB has invalidated it, and its open sessions. */
  static final class Instance {
    final DuckDBConnection root;
    final Path tempFolder;
    volatile boolean invalidated;
    /** Guarded by this instance. */
    private int sessions;
    private boolean retired;

    Instance(DuckDBConnection root, Path tempFolder) {
      this.root = root;
      this.tempFolder = tempFolder;
    }

    synchronized DuckDBConnection duplicate() throws SQLException {
      DuckDBConnection c = root.duplicate();
      sessions++;
      return c;
    }

    synchronized void sessionClosed() {
      sessions--;
      if (retired && sessions == 0) {
        dispose();
      }
    }

    /** Closes the root; the folder goes when the last session still running on it closes. */
    synchronized void retire() {
      if (retired) {
        return;
      }
      retired = true;
      try {
        root.close();
      } catch (SQLException ignored) {
        // an invalidated database may refuse even this; its sessions release it when they close
      }
      if (sessions == 0) {
        dispose();
      }
    }

    private void dispose() {
      deleteRecursively(tempFolder);
      LIVE_FOLDERS.remove(tempFolder);
    }
  }

  SharedDatabase(EngineSettings settings) {
    this.settings = settings;
  }

  EngineSettings settings() {
    return settings;
  }

  /** Takes a lease; false if this database was closed (the pool then makes a new one). */
  synchronized boolean lease() {
    if (closed) {
      return false;
    }
    leases++;
    return true;
  }

  /** Gives a lease back; true if it was the last one. */
  synchronized boolean release() {
    leases--;
    if (leases == 0) {
      releasedAt = System.nanoTime();
      return true;
    }
    return false;
  }

  /** Closes the database if nobody leased it since {@code idleNanos} ago; true if it was closed. */
  synchronized boolean closeIfIdle(long idleNanos) {
    if (closed || leases > 0 || System.nanoTime() - releasedAt < idleNanos) {
      return false;
    }
    close();
    return true;
  }

  synchronized int leases() {
    return leases;
  }

  /**
   * The instance to run a statement on: started on first use, replaced by a fresh one if DuckDB invalidated the
   * current one.
   */
  synchronized Instance instance() throws SQLException {
    if (closed) {
      throw new LakehouseSqlException("The engine is closed", SqlState.CONNECTION_CLOSED);
    }
    if (current == null) {
      current = open(settings);
    } else if (current.invalidated) {
      Instance fresh = open(settings);
      Instance old = current;
      current = fresh;
      restarts++;
      old.retire();
    }
    return current;
  }

  /** A duplicate connection for one session, and the instance it runs on. */
  record Connected(Instance instance, DuckDBConnection connection) { }

  /** A duplicate connection onto the current instance (taken under the lock, so no restart retires it first). */
  synchronized Connected connect() throws SQLException {
    Instance db = instance();
    return new Connected(db, db.duplicate());
  }

  /** Whether the next statement will run on a fresh instance because the current one failed fatally. */
  synchronized boolean needsRestart() {
    return current != null && current.invalidated;
  }

  /** How often a fatal engine error made this database start a fresh instance. */
  synchronized int restarts() {
    return restarts;
  }

  synchronized void close() {
    closed = true;
    if (current != null) {
      current.retire();
      current = null;
    }
  }

  synchronized boolean isClosed() {
    return closed;
  }

  private static Instance open(EngineSettings settings) throws SQLException {
    Path folder;
    try {
      folder = Files.createTempDirectory(Files.createDirectories(settings.tempDirectory()), "lakehouse-jdbc-");
    } catch (IOException | RuntimeException e) {
      throw new LakehouseSqlException("Cannot create the temp directory: " + e.getMessage(),
          SqlState.CONNECTION_FAILED, e);
    }
    LIVE_FOLDERS.add(folder);
    EngineSettings own = new EngineSettings(settings.allowedDirectories(), folder, settings.threads(),
        settings.memoryLimit(), settings.timeZone());
    Properties props = new Properties();
    props.setProperty("duckdb.read_only", "false");
    // Streamed results (DuckDB JDBC materializes every result without it): rows are computed as they are fetched,
    // so a client that reads the first rows neither waits for nor holds the whole result. Duplicate connections (one
    // per statement, EngineSession) inherit it.
    props.setProperty("jdbc_stream_results", "true");
    Connection c;
    try {
      Class.forName("org.duckdb.DuckDBDriver");
      c = DriverManager.getConnection("jdbc:duckdb:", props);
    } catch (ClassNotFoundException | SQLException | LinkageError e) {
      LIVE_FOLDERS.remove(folder);
      deleteRecursively(folder);
      throw new LakehouseSqlException("Cannot start the embedded DuckDB engine: " + e.getMessage(),
          SqlState.CONNECTION_FAILED, e);
    }
    DuckDBConnection duck = c.unwrap(DuckDBConnection.class);
    try (Statement s = duck.createStatement()) {
      for (String setting : DuckDbEngine.sandbox(own)) {
        s.execute(setting);
      }
    } catch (SQLException e) {
      duck.close();
      LIVE_FOLDERS.remove(folder);
      deleteRecursively(folder);
      throw new LakehouseSqlException("Cannot configure the embedded DuckDB engine: " + e.getMessage(),
          SqlState.CONNECTION_FAILED, e);
    }
    return new Instance(duck, folder);
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: it is a temp directory
    }
  }
}
