package io.lakehouse.config;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The catalog's {@code engine:} section. Whoever controls the catalog file administers the engine; the person
 * typing the URL does not. So these values are ceilings: a connection property may ask for less memory or fewer
 * threads, never more; the catalog's temp directory cannot be moved; {@code max_query_seconds} caps every
 * statement's query timeout (and applies when the statement sets none).
 *
 * @param memoryLimit e.g. {@code 4GB} or {@code 50%}, or null for no ceiling
 * @param threads the most worker threads, or null for no ceiling
 * @param tempDirectory where spill files go (each connection uses a private folder inside it), or null
 * @param maxQuerySeconds the longest a statement may run, or null for no cap
 */
public record EngineLimits(ByteSize memoryLimit, Integer threads, Path tempDirectory, Integer maxQuerySeconds) {
  public static final EngineLimits NONE = new EngineLimits(null, null, null, null);

  /**
   * What one connection runs with: the catalog's ceilings combined with the connection's own requests.
   *
   * @param threads null for DuckDB's default
   * @param memoryLimit null for DuckDB's default
   * @param tempDirectory the catalog's or the connection's directory, or null for a private one under java.io.tmpdir
   * @param catalogTempDirectory whether tempDirectory is the catalog's (a private folder is made inside it)
   * @param maxQuerySeconds 0 for no cap
   */
  public record Resolved(Integer threads, ByteSize memoryLimit, Path tempDirectory, boolean catalogTempDirectory,
      int maxQuerySeconds) {}

  /** Combines the ceilings with the connection's settings; asking for more than a ceiling is refused. */
  public Resolved resolve(ConnectionConfig connection) throws SQLException {
    Integer requestedThreads = connection.threads();
    if (threads != null && requestedThreads != null && requestedThreads > threads) {
      throw aboveCeiling("threads", String.valueOf(requestedThreads), "engine.threads", String.valueOf(threads));
    }
    ByteSize requestedMemory = connection.memoryLimit();
    if (memoryLimit != null && requestedMemory != null && requestedMemory.bytes() > memoryLimit.bytes()) {
      throw aboveCeiling("memory_limit", requestedMemory.text(), "engine.memory_limit", memoryLimit.text());
    }
    Path temp = connection.tempDirectory();
    if (tempDirectory != null && temp != null && !temp.equals(tempDirectory)) {
      throw new LakehouseSqlException("Connection property 'temp_directory' is not allowed to differ from the "
          + "catalog's engine.temp_directory (" + tempDirectory + "); leave it unset",
          SqlState.ACCESS_DENIED);
    }
    return new Resolved(requestedThreads != null ? requestedThreads : threads,
        requestedMemory != null ? requestedMemory : memoryLimit, tempDirectory != null ? tempDirectory : temp,
        tempDirectory != null, maxQuerySeconds == null ? 0 : maxQuerySeconds);
  }

  /**
   * The timeout a statement runs with: its own, capped by {@code max_query_seconds}; 0 ("no timeout") means
   * the cap.
   */
  public static int effectiveTimeout(int requestedSeconds, int maxQuerySeconds) {
    if (maxQuerySeconds <= 0) {
      return requestedSeconds;
    }
    return requestedSeconds <= 0 ? maxQuerySeconds : Math.min(requestedSeconds, maxQuerySeconds);
  }

  private static SQLException aboveCeiling(String property, String value, String key, String ceiling) {
    return new LakehouseSqlException("Connection property '" + property + "' = " + value + " exceeds the "
        + "catalog's ceiling " + key + " = " + ceiling + "; ask for at most that, or leave it unset",
        SqlState.ACCESS_DENIED);
  }
}
