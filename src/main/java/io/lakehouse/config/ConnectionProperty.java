package io.lakehouse.config;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * One typed connection property: its name, description and parser. The same definition parses URLs and
 * {@link Properties} (once, into a {@link ConnectionConfig}) and feeds {@code Driver.getPropertyInfo}, so IDE dialogs
 * list exactly what the driver understands.
 *
 * @param <T> the parsed value type
 */
public final class ConnectionProperty<T> {
  private final String name;
  private final String description;
  private final Function<String, Optional<T>> parser;
  private final String expected;
  private final boolean secret;

  private ConnectionProperty(String name, String description, Function<String, Optional<T>> parser,
      String expected, boolean secret) {
    this.name = name;
    this.description = description;
    this.parser = parser;
    this.expected = expected;
    this.secret = secret;
  }

  static ConnectionProperty<String> text(String name, String description) {
    return new ConnectionProperty<>(name, description, Optional::of, "any text", false);
  }

  /** Never echoed back: not in messages, not in {@code getPropertyInfo}. */
  static ConnectionProperty<String> secret(String name, String description) {
    return new ConnectionProperty<>(name, description, Optional::of, "any text", true);
  }

  static ConnectionProperty<Integer> integer(String name, int min, int max, String description) {
    return new ConnectionProperty<>(name, description, v -> {
      try {
        int n = Integer.parseInt(v);
        return n >= min && n <= max ? Optional.of(n) : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }, "an integer from " + min + " to " + max, false);
  }

  static ConnectionProperty<Boolean> bool(String name, String description) {
    return new ConnectionProperty<>(name, description, v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "on", "1" -> Optional.of(true);
      case "false", "off", "0" -> Optional.of(false);
      default -> Optional.empty();
    }, "true or false", false);
  }

  /**
   * A local directory path, absolute: a relative one would land wherever the application (an IDE, an app server)
   * happens to run.
   */
  static ConnectionProperty<java.nio.file.Path> path(String name, String description) {
    return new ConnectionProperty<>(name, description, v -> {
      try {
        java.nio.file.Path p = java.nio.file.Path.of(v);
        return p.isAbsolute() ? Optional.of(p.normalize()) : Optional.empty();
      } catch (java.nio.file.InvalidPathException e) {
        return Optional.empty();
      }
    }, "an absolute directory path", false);
  }

  static ConnectionProperty<ByteSize> memory(String name, String description) {
    return new ConnectionProperty<>(name, description, v -> ByteSize.parse(v, true),
        "a size such as 512MB, 4GB or 50%", false);
  }

  static ConnectionProperty<java.time.ZoneId> zone(String name, String description) {
    return new ConnectionProperty<>(name, description, v -> ConnectionProperties.isZone(v)
        ? Optional.of(java.time.ZoneId.of(v)) : Optional.empty(), "a time zone id such as UTC or Europe/Berlin",
        false);
  }

  /**
   * A non-negative duration: a number with a unit ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}), {@code 0},
   * or ISO-8601 ({@code PT30S}).
   */
  static ConnectionProperty<java.time.Duration> duration(String name, String description) {
    return new ConnectionProperty<>(name, description, ConnectionProperty::parseDuration,
        "a duration such as 0, 500ms, 30s, 5m or PT1H", false);
  }

  static Optional<java.time.Duration> parseDuration(String v) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)?")
        .matcher(v.toLowerCase(java.util.Locale.ROOT));
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2);
        if (unit == null) {
          return n == 0 ? Optional.of(java.time.Duration.ZERO) : Optional.empty();
        }
        return Optional.of(switch (unit) {
          case "ms" -> java.time.Duration.ofMillis(n);
          case "s" -> java.time.Duration.ofSeconds(n);
          case "m" -> java.time.Duration.ofMinutes(n);
          default -> java.time.Duration.ofHours(n);
        });
      }
      java.time.Duration d = java.time.Duration.parse(v);
      return d.isNegative() ? Optional.empty() : Optional.of(d);
    } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  /** What a valid value looks like ("an integer from 1 to 1024"), as messages and the reference docs say it. */
  public String expected() {
    return expected;
  }

  /** Whether the value is a secret: never echoed in messages or {@code getPropertyInfo}. */
  public boolean secret() {
    return secret;
  }

  /** The parsed value from the given properties; empty when it is not set. */
  public Optional<T> get(Properties properties) throws SQLException {
    String raw = properties.getProperty(name);
    if (raw == null) {
      return Optional.empty();
    }
    Optional<T> value = parser.apply(raw.trim());
    if (value.isEmpty()) {
      String shown = secret ? "(hidden)" : "'" + raw + "'";
      throw new LakehouseSqlException("Invalid value " + shown + " for connection property '" + name
          + "': expected " + expected, SqlState.CONNECTION_FAILED);
    }
    return value;
  }

  DriverPropertyInfo toPropertyInfo(Properties given) {
    // Secrets are never echoed back, not even the caller's own value.
    DriverPropertyInfo info = new DriverPropertyInfo(name, secret ? null : given.getProperty(name));
    info.description = description;
    info.required = false;
    return info;
  }

  @Override
  public String toString() {
    return name;
  }
}
