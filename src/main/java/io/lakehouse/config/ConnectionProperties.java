package io.lakehouse.config;

import java.sql.DriverPropertyInfo;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The registry of every connection property the driver understands. URL query parameters and
 * {@link Properties} are both checked against it, and {@code getPropertyInfo} is built from it without connecting.
 */
public final class ConnectionProperties {
  private ConnectionProperties() {}

  private static final Pattern MEMORY = Pattern.compile("(?i)\\d+(\\.\\d+)?\\s*(B|KB|KIB|MB|MIB|GB|GIB|TB|TIB|%)");

  public static final ConnectionProperty<String> CATALOG = text("catalog", null,
      "Path of the catalog file (YAML or JSON) or of a directory whose Delta and Iceberg tables become the catalog. "
          + "Usually given in the URL: jdbc:lakehouse:<path>.");
  public static final ConnectionProperty<String> USER = text("user", null,
      "User name: the principal to authenticate as when the catalog has an access section (organizations, roles, "
          + "principals); otherwise only recorded in the audit log.");
  public static final ConnectionProperty<String> PASSWORD = new ConnectionProperty<>("password", String.class, null,
      "Password, checked when the catalog defines principals.", null, Function.identity(), v -> true,
      "any text", true);
  public static final ConnectionProperty<Integer> THREADS = new ConnectionProperty<>("threads", Integer.class,
      null, "Worker threads DuckDB may use for a query (default: number of CPU cores, or the catalog's engine.threads, "
      + "which is also the most a connection may ask for).", null, Integer::valueOf,
      v -> v >= 1 && v <= 1024, "an integer from 1 to 1024", false);
  public static final ConnectionProperty<String> MEMORY_LIMIT = new ConnectionProperty<>("memory_limit",
      String.class, null, "Memory DuckDB may use, e.g. 2GB or 50% (default: DuckDB's, 80% of RAM, or the catalog's "
      + "engine.memory_limit, which is also the most a connection may ask for).", null,
      Function.identity(), v -> MEMORY.matcher(v).matches(), "a size such as 512MB, 4GB or 50%", false);
  public static final ConnectionProperty<String> TEMP_DIRECTORY = text("temp_directory", null,
      "Directory for DuckDB spill files (default: a private folder under java.io.tmpdir, removed on close). Not "
          + "allowed to differ from the catalog's engine.temp_directory when that is set.");
  public static final ConnectionProperty<String> TIME_ZONE = new ConnectionProperty<>("time_zone", String.class,
      null, "Session time zone (default: the JVM's): how TIMESTAMP WITH TIME ZONE values are shown and how "
          + "timestamps without an offset (time-travel values, java.sql.Timestamp parameters) are read.", null,
      Function.identity(), ConnectionProperties::isZone, "a time zone id such as UTC or Europe/Berlin", false);

  private static final List<ConnectionProperty<?>> ALL =
      List.of(CATALOG, USER, PASSWORD, THREADS, MEMORY_LIMIT, TEMP_DIRECTORY, TIME_ZONE);

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

  private static ConnectionProperty<String> text(String name, String def, String description) {
    Predicate<String> any = v -> true;
    return new ConnectionProperty<>(name, String.class, def, description, null, Function.identity(), any,
        "any text", false);
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
