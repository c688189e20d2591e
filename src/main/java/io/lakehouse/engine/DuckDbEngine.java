package io.lakehouse.engine;

import io.lakehouse.LakehouseSqlException;
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
 */
public final class DuckDbEngine implements AutoCloseable {
  private final DuckDBConnection root;
  private final AtomicInteger openSessions = new AtomicInteger();

  private DuckDbEngine(DuckDBConnection root) {
    this.root = root;
  }

  public static DuckDbEngine start(EngineSettings settings) throws SQLException {
    Properties props = new Properties();
    props.setProperty("duckdb.read_only", "false");
    Connection c;
    try {
      Class.forName("org.duckdb.DuckDBDriver");
      c = DriverManager.getConnection("jdbc:duckdb:", props);
    } catch (ClassNotFoundException | SQLException | LinkageError e) {
      throw new LakehouseSqlException("Cannot start the embedded DuckDB engine: " + e.getMessage(),
          LakehouseSqlException.CONNECTION_FAILED, e);
    }
    DuckDBConnection duck = c.unwrap(DuckDBConnection.class);
    try (Statement s = duck.createStatement()) {
      for (String setting : sandbox(settings)) {
        s.execute(setting);
      }
    } catch (SQLException e) {
      duck.close();
      throw new LakehouseSqlException("Cannot configure the embedded DuckDB engine: " + e.getMessage(),
          LakehouseSqlException.CONNECTION_FAILED, e);
    }
    return new DuckDbEngine(duck);
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
    sql.add("SET TimeZone = " + literal(settings.timeZone()));
    sql.add("SET enable_external_access = false");
    sql.add("SET lock_configuration = true");
    return sql;
  }

  private static String withSlash(Path p) {
    String s = p.toAbsolutePath().normalize().toString();
    return s.endsWith("/") ? s : s + "/";
  }

  /** A SQL string literal. */
  public static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** A session for one statement. */
  public EngineSession newSession() throws SQLException {
    EngineSession session = new EngineSession(root.duplicate(), openSessions::decrementAndGet);
    openSessions.incrementAndGet();
    return session;
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
  public void close() throws SQLException {
    root.close();
  }
}
