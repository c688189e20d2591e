package io.lakehouse.config;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
public record EngineLimits(String memoryLimit, Integer threads, Path tempDirectory, Integer maxQuerySeconds) {
  public static final EngineLimits NONE = new EngineLimits(null, null, null, null);

  private static final Pattern MEMORY = Pattern.compile(
      "(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(B|KB|KIB|MB|MIB|GB|GIB|TB|TIB|%)\\s*");

  /**
   * What one connection runs with: the catalog's ceilings combined with the connection's own requests.
   *
   * @param threads null for DuckDB's default
   * @param memoryLimit null for DuckDB's default
   * @param tempDirectory the catalog's or the connection's directory, or null for a private one under java.io.tmpdir
   * @param catalogTempDirectory whether tempDirectory is the catalog's (a private folder is made inside it)
   * @param maxQuerySeconds 0 for no cap
   */
  public record Resolved(Integer threads, String memoryLimit, Path tempDirectory, boolean catalogTempDirectory,
      int maxQuerySeconds) {}

  /** Combines the ceilings with the connection properties; asking for more than a ceiling is refused. */
  public Resolved resolve(Properties properties) throws SQLException {
    Integer requestedThreads = ConnectionProperties.THREADS.get(properties).orElse(null);
    if (threads != null && requestedThreads != null && requestedThreads > threads) {
      throw aboveCeiling("threads", String.valueOf(requestedThreads), "engine.threads", String.valueOf(threads));
    }
    String requestedMemory = ConnectionProperties.MEMORY_LIMIT.get(properties).orElse(null);
    if (memoryLimit != null && requestedMemory != null && bytes(requestedMemory) > bytes(memoryLimit)) {
      throw aboveCeiling("memory_limit", requestedMemory, "engine.memory_limit", memoryLimit);
    }
    String requestedTemp = ConnectionProperties.TEMP_DIRECTORY.get(properties).orElse(null);
    Path temp = requestedTemp == null ? null : Path.of(requestedTemp).toAbsolutePath().normalize();
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

  /** Whether the text is a memory size DuckDB accepts (a percentage from 1 to 100). */
  static boolean isMemory(String text) {
    Matcher m = MEMORY.matcher(text);
    return m.matches() && (!m.group(2).equals("%") || Double.parseDouble(m.group(1)) > 0
        && Double.parseDouble(m.group(1)) <= 100);
  }

  /** Bytes of a DuckDB memory size: KB, MB, ... are powers of 1000, KiB, MiB, ... of 1024; % of physical RAM. */
  static double bytes(String text) {
    Matcher m = MEMORY.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(text);
    }
    double n = Double.parseDouble(m.group(1));
    return switch (m.group(2).toUpperCase(Locale.ROOT)) {
      case "B" -> n;
      case "KB" -> n * 1e3;
      case "KIB" -> n * 1024;
      case "MB" -> n * 1e6;
      case "MIB" -> n * 1024 * 1024;
      case "GB" -> n * 1e9;
      case "GIB" -> n * 1024 * 1024 * 1024;
      case "TB" -> n * 1e12;
      case "TIB" -> n * 1024d * 1024 * 1024 * 1024;
      default -> n / 100 * physicalMemory();
    };
  }

  private static double physicalMemory() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return Runtime.getRuntime().maxMemory();
  }
}
