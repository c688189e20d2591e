package io.lakehouse.engine;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.table.DeletedRows;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * One statement's DuckDB connection: it runs the rewritten query and owns the temporary tables (deleted row
 * positions) that query needs. Closing the session closes its result and drops those tables.
 */
public final class EngineSession implements AutoCloseable {
  private final DuckDBConnection connection;
  private final List<PreparedStatement> open = new ArrayList<>();
  private volatile PreparedStatement running;
  /** A result of {@link #query} is open: DuckDB streams it, so fetching its rows still runs the query. */
  private volatile boolean resultOpen;
  private volatile boolean cancelled;
  private final Runnable onClose;
  private final Runnable onFatal;
  private final Path tempFolder;
  private volatile boolean closed;
  private int tempTables;

  /**
   * @param onFatal told when DuckDB reports an internal or fatal error: its database is invalidated
   */
  EngineSession(DuckDBConnection connection, Path tempFolder, Runnable onClose, Runnable onFatal) {
    this.connection = connection;
    this.tempFolder = tempFolder;
    this.onClose = onClose;
    this.onFatal = onFatal;
  }

  /**
   * The private folder of this session's DuckDB database (its spill files), inside its allowed directories: where
   * files DuckDB writes for a statement (result-cache entries) go.
   */
  public Path tempFolder() {
    return tempFolder;
  }

  /**
   * Passes an error from this session's DuckDB connection (also one raised while fetching rows) through: if it is
   * an internal or fatal error, the engine learns that its database is invalidated and starts a fresh one for the
   * next statement.
   */
  public SQLException failed(SQLException e) {
    if (DuckDbErrors.isFatal(e)) {
      onFatal.run();
      return e;
    }
    if (resultOpen || String.valueOf(e.getMessage()).contains("Invalid result set")) {
      // A streamed result that fails (in execute or while fetching) may report only "Invalid result set" for
      // DuckDB's internal error: whether DuckDB invalidated the database is asked of the connection itself (one
      // trivial statement, only after such a failure).
      SQLException probe = probe();
      if (probe != null && DuckDbErrors.isFatal(probe)) {
        onFatal.run();
        probe.addSuppressed(e);
        return probe;
      }
    }
    return e;
  }

  private SQLException probe() {
    if (closed) {
      return null;
    }
    try (Statement s = connection.createStatement()) {
      s.execute("SELECT 1");
      return null;
    } catch (SQLException p) {
      return p;
    }
  }

  /** A VARCHAR[] (or other typed) array parameter. */
  public Array array(String elementType, Object[] values) throws SQLException {
    try {
      return connection.createArrayOf(elementType, values);
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** Runs a query with numbered parameters ($1 = params[0]); the result stays open until the session closes. */
  public ResultSet query(String sql, List<Object> params) throws SQLException {
    PreparedStatement ps;
    try {
      // DuckDB refuses even to prepare on an invalidated database: report that too.
      ps = connection.prepareStatement(sql);
      open.add(ps);
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
    } catch (SQLException e) {
      throw failed(e);
    }
    running = ps;
    // A cancel that came before the query started has nothing to interrupt yet: honour it here.
    if (cancelled) {
      running = null;
      throw new LakehouseSqlException("Query was cancelled", SqlState.CANCELLED);
    }
    try {
      ResultSet rs = ps.executeQuery();
      resultOpen = true;
      return rs;
    } catch (SQLException e) {
      SQLException reported = failed(e);
      throw reported == e ? withMessage(e, sql, params) : reported;
    } finally {
      running = null;
    }
  }

  /**
   * DuckDB JDBC 2.0.0.1 streams a result but reports an error raised before its first chunk only as "Invalid result
   * set" (a conversion error, the driver's own 0A000 marker): the same query is run once more as
   * {@code CREATE TEMPORARY TABLE ... AS}, which reports DuckDB's real error; that error is returned (the original
   * if the second run does not fail, is cancelled, or fails differently in kind).
   */
  private SQLException withMessage(SQLException e, String sql, List<Object> params) {
    if (!String.valueOf(e.getMessage()).contains("Invalid result set") || cancelled || closed) {
      return e;
    }
    String name = "lh_error_" + (++tempTables);
    try (PreparedStatement ps = connection.prepareStatement("CREATE TEMPORARY TABLE " + name
        + " AS SELECT * FROM (" + sql + ")")) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      running = ps;
      ps.executeLargeUpdate();
    } catch (SQLException real) {
      String m = String.valueOf(real.getMessage());
      if (!m.contains("Invalid result set") && !m.startsWith("Binder Error") && !m.startsWith("Parser Error")) {
        real.addSuppressed(e);
        return failed(real);
      }
    } finally {
      running = null;
    }
    return e;
  }

  /**
   * Runs a statement that returns no rows (the result cache's {@code COPY (query) TO ...}) with numbered parameters;
   * cancellable like {@link #query}.
   */
  public long update(String sql, List<Object> params) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      running = ps;
      if (cancelled) {
        throw new LakehouseSqlException("Query was cancelled", SqlState.CANCELLED);
      }
      return ps.executeLargeUpdate();
    } catch (LakehouseSqlException e) {
      throw e;
    } catch (SQLException e) {
      throw failed(e);
    } finally {
      running = null;
    }
  }

  /** The single value of a one-row, one-column query. */
  public Object scalar(String sql, List<Object> params) throws SQLException {
    return scalar(sql, params, 0);
  }

  /** The single value of a one-row, one-column query, cancelled after the timeout (0: none). */
  public Object scalar(String sql, List<Object> params, int timeoutSeconds) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      if (timeoutSeconds > 0) {
        ps.setQueryTimeout(timeoutSeconds);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getObject(1) : null;
      }
    } catch (SQLException e) {
      SQLException reported = failed(e);
      throw reported == e ? withMessage(e, sql, params) : reported;
    }
  }

  /**
   * Creates a temporary table {@code (path VARCHAR, pos BIGINT)} of deleted row positions and returns its name. Each
   * file's deletion vector is decoded now, one file at a time, into DuckDB: positions go in chunks of at most
   * {@value #POSITION_CHUNK} (one {@code BIGINT[]} per appended row, unnested by DuckDB), so the JVM holds one chunk
   * at a time, and a large table spills like any DuckDB table.
   *
   * @param paths per file: its path as the scan's {@code filename} reports it
   * @param deleted per file: its deletion vector
   */
  public String deletedRowsTable(List<String> paths, List<DeletedRows> deleted) throws SQLException {
    String name = "lh_deleted_" + (++tempTables);
    String chunks = name + "_chunks";
    try {
      try (Statement s = connection.createStatement()) {
        s.execute("CREATE TEMPORARY TABLE " + name + " (path VARCHAR, pos BIGINT)");
        s.execute("CREATE TEMPORARY TABLE " + chunks + " (path VARCHAR, pos BIGINT[])");
      }
      try (DuckDBAppender appender = connection.createAppender("temp", "main", chunks)) {
        long[] chunk = new long[POSITION_CHUNK];
        for (int i = 0; i < paths.size(); i++) {
          if (cancelled) {
            throw new LakehouseSqlException("Query was cancelled", SqlState.CANCELLED);
          }
          String path = paths.get(i);
          int[] size = {0};
          deleted.get(i).forEach(pos -> {
            chunk[size[0]++] = pos;
            if (size[0] == chunk.length) {
              appendChunk(appender, path, chunk, size[0]);
              size[0] = 0;
            }
          });
          if (size[0] > 0) {
            appendChunk(appender, path, chunk, size[0]);
          }
        }
      }
      try (Statement s = connection.createStatement()) {
        s.execute("INSERT INTO " + name + " SELECT path, unnest(pos) FROM " + chunks);
        s.execute("DROP TABLE " + chunks);
      }
    } catch (LakehouseSqlException e) {
      throw e;
    } catch (SQLException e) {
      throw failed(e);
    }
    return name;
  }

  /** Positions per appended row of {@link #deletedRowsTable} (512 KB of heap). */
  static final int POSITION_CHUNK = 65_536;

  private static void appendChunk(DuckDBAppender appender, String path, long[] chunk, int size) throws SQLException {
    appender.beginRow();
    appender.append(path);
    appender.append(size == chunk.length ? chunk : Arrays.copyOf(chunk, size));
    appender.endRow();
  }

  /**
   * Adds to a table made by {@link #deletedRowsTable} the positions listed in Iceberg position-delete files, inside
   * DuckDB (no row passes through the JVM heap, and a large delete spills like any DuckDB table). A delete file's
   * row counts only for the data files Iceberg's planner assigned that file to: one entry per (delete file, data
   * file) pair.
   *
   * @param deleteFiles read_parquet patterns of the distinct delete files
   * @param pairDeleteFiles per pair: the delete file's path as DuckDB's {@code filename} reports it
   * @param pairDataPaths per pair: the data file's path as written in the delete file ({@code file_path})
   * @param pairLocalPaths per pair: the data file's path as the scan's {@code filename} reports it
   */
  public void addPositionDeletes(String table, List<String> deleteFiles, List<String> pairDeleteFiles,
      List<String> pairDataPaths, List<String> pairLocalPaths) throws SQLException {
    String sql = "INSERT INTO " + table + " SELECT m.local_path, p.pos FROM read_parquet($1, filename = true, "
        + "hive_partitioning = false) AS p JOIN (SELECT unnest($2) AS delete_file, unnest($3) AS data_path, "
        + "unnest($4) AS local_path) AS m ON p.filename = m.delete_file AND p.file_path = m.data_path";
    update(sql, List.of(array("VARCHAR", deleteFiles.toArray()), array("VARCHAR", pairDeleteFiles.toArray()),
        array("VARCHAR", pairDataPaths.toArray()), array("VARCHAR", pairLocalPaths.toArray())));
  }

  /**
   * Interrupts the running query, if any: one that is executing, or one whose streamed result is being fetched
   * (DuckDB's {@code PreparedStatement.cancel} only reaches a statement inside {@code execute}; while rows are
   * fetched the connection itself is interrupted, and the fetch fails). A closed session has nothing to cancel.
   */
  public void cancel() throws SQLException {
    cancelled = true;
    if (closed) {
      return;
    }
    PreparedStatement ps = running;
    if (ps != null) {
      ps.cancel();
    } else if (resultOpen) {
      interrupt(connection);
    }
  }

  /**
   * DuckDB's interrupt of a connection ({@code ClientContext::Interrupt}, an atomic flag, safe from any thread), as
   * DuckDB JDBC's native binding exposes it: {@code DuckDBConnection.interrupt()} insists on the connection's lock,
   * which a fetch in progress holds, and {@code PreparedStatement.cancel()} does nothing once execute has returned;
   * so a streamed result could not be stopped while its rows are fetched. Reached by reflection (DuckDB JDBC 2.0.0.1,
   * pinned in the pom); StreamedResultsTest fails if a new version changes it.
   */
  private static final java.lang.reflect.Method NATIVE_INTERRUPT;
  private static final java.lang.reflect.Field CONNECTION_REF;

  static {
    java.lang.reflect.Method m = null;
    java.lang.reflect.Field f = null;
    try {
      m = Class.forName("org.duckdb.DuckDBNative").getDeclaredMethod("duckdb_jdbc_interrupt",
          java.nio.ByteBuffer.class);
      m.setAccessible(true);
      f = DuckDBConnection.class.getDeclaredField("connRef");
      f.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      m = null;
      f = null;
    }
    NATIVE_INTERRUPT = m;
    CONNECTION_REF = f;
  }

  /** Guards the native connection against being closed while it is interrupted. */
  private final Object interruptLock = new Object();

  private void interrupt(DuckDBConnection connection) throws SQLException {
    if (NATIVE_INTERRUPT == null) {
      throw new LakehouseSqlException("This DuckDB JDBC version cannot interrupt a result while it is fetched",
          SqlState.NOT_SUPPORTED);
    }
    synchronized (interruptLock) {
      if (closed) {
        return;
      }
      try {
        Object ref = CONNECTION_REF.get(connection);
        if (ref != null) {
          NATIVE_INTERRUPT.invoke(null, ref);
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new LakehouseSqlException("Cannot interrupt the query: " + e, SqlState.GENERAL, e);
      }
    }
  }

  @Override
  public void close() throws SQLException {
    synchronized (interruptLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    onClose.run();
    SQLException first = null;
    for (PreparedStatement ps : open) {
      try {
        ps.close();
      } catch (SQLException e) {
        first = first == null ? e : first;
      }
    }
    open.clear();
    try {
      connection.close();
    } catch (SQLException e) {
      first = first == null ? e : first;
    }
    if (first != null) {
      throw new LakehouseSqlException("Error closing a query: " + first.getMessage(), SqlState.GENERAL,
          first);
    }
  }
}
