package io.lakehouse.config;

import java.sql.DriverPropertyInfo;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;

/**
 * The registry of every connection property the driver understands. URL query parameters and
 * {@link Properties} are both checked against it, and {@code getPropertyInfo} is built from it without connecting.
 */
public final class ConnectionProperties {
  private ConnectionProperties() {}

  public static final ConnectionProperty<String> CATALOG = ConnectionProperty.text("catalog",
      "Path of the catalog file (YAML or JSON) or of a directory whose Delta and Iceberg tables become the catalog. "
          + "Usually given in the URL: jdbc:lakehouse:<path>.");
  public static final ConnectionProperty<String> USER = ConnectionProperty.text("user",
      "User name: the principal to authenticate as when the catalog has an access section (organizations, roles, "
          + "principals); otherwise only recorded in the audit log.");
  public static final ConnectionProperty<String> PASSWORD = ConnectionProperty.secret("password",
      "Password, checked when the catalog defines principals.");
  public static final ConnectionProperty<Integer> THREADS = ConnectionProperty.integer("threads", 1, 1024,
      "Worker threads DuckDB may use for a query (default: number of CPU cores, or the catalog's engine.threads, "
          + "which is also the most a connection may ask for).");
  public static final ConnectionProperty<ByteSize> MEMORY_LIMIT = ConnectionProperty.memory("memory_limit",
      "Memory DuckDB may use, e.g. 2GB or 50% (default: DuckDB's, 80% of RAM, or the catalog's "
          + "engine.memory_limit, which is also the most a connection may ask for).");
  public static final ConnectionProperty<java.nio.file.Path> TEMP_DIRECTORY = ConnectionProperty.path(
      "temp_directory",
      "Directory for DuckDB spill files (default: a private folder under java.io.tmpdir, removed on close). Not "
          + "allowed to differ from the catalog's engine.temp_directory when that is set.");
  public static final ConnectionProperty<java.time.ZoneId> TIME_ZONE = ConnectionProperty.zone("time_zone",
      "Session time zone (default: the JVM's): how TIMESTAMP WITH TIME ZONE values are shown and how "
          + "timestamps without an offset (time-travel values, java.sql.Timestamp parameters) are read.");

  public static final ConnectionProperty<Boolean> RESULT_CACHE = ConnectionProperty.bool("result_cache",
      "Whether results of deterministic queries are served from and stored in the catalog's result cache "
          + "(cache.results: in-process by default, or Redis). Default true; false turns it off for this connection.");

  public static final ConnectionProperty<java.time.Duration> METADATA_MAX_STALENESS = ConnectionProperty.duration(
      "metadata_max_staleness",
      "How old a table's last freshness check may be before a query checks for new commits again, e.g. 30s or 5m "
          + "(default 0: every query checks, with one cheap storage request per table). Within it a query reads the "
          + "cached latest snapshot without any storage request, so commits made meanwhile are seen later. Time "
          + "travel to a version or snapshot id is never affected.");

  private static final List<ConnectionProperty<?>> ALL =
      List.of(CATALOG, USER, PASSWORD, THREADS, MEMORY_LIMIT, TEMP_DIRECTORY, TIME_ZONE, RESULT_CACHE,
          METADATA_MAX_STALENESS);

  public static List<ConnectionProperty<?>> all() {
    return ALL;
  }

  /** Names of all known properties, for rejecting misspelt ones. */
  public static Set<String> names() {
    return Set.copyOf(ALL.stream().map(ConnectionProperty::name).toList());
  }

  public static DriverPropertyInfo[] propertyInfo(Properties given) {
    return ALL.stream().map(p -> p.toPropertyInfo(given)).toArray(DriverPropertyInfo[]::new);
  }

  /** What the connection can use: java.time must accept it too ({@code +25:00} matches the pattern but is no zone). */
  public static boolean isZone(String id) {
    if (!Set.of(TimeZone.getAvailableIDs()).contains(id) && !id.matches("[+-]\\d{2}:\\d{2}")) {
      return false;
    }
    try {
      java.time.ZoneId.of(id);
      return true;
    } catch (java.time.DateTimeException e) {
      return false;
    }
  }
}
