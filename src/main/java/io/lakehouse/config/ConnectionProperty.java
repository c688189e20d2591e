package io.lakehouse.config;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One typed connection property: its name, type, default, description and validation. The same definition parses
 * URLs and {@link Properties} and feeds {@code Driver.getPropertyInfo}, so IDE dialogs list exactly what the driver
 * understands.
 *
 * @param <T> the parsed value type
 */
public final class ConnectionProperty<T> {
  private final String name;
  private final Class<T> type;
  private final String defaultText;
  private final String description;
  private final String[] choices;
  private final Function<String, T> parser;
  private final Predicate<T> validator;
  private final String validRange;
  private final boolean secret;

  ConnectionProperty(String name, Class<T> type, String defaultText, String description, String[] choices,
      Function<String, T> parser, Predicate<T> validator, String validRange, boolean secret) {
    this.name = name;
    this.type = type;
    this.defaultText = defaultText;
    this.description = description;
    this.choices = choices;
    this.parser = parser;
    this.validator = validator;
    this.validRange = validRange;
    this.secret = secret;
  }

  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  public String description() {
    return description;
  }

  /** The default as text, or {@code null} when the property has none. */
  public String defaultText() {
    return defaultText;
  }

  /** Parsed value from the given properties, or the default; empty when neither is set. */
  public Optional<T> get(Properties properties) throws SQLException {
    String raw = properties.getProperty(name);
    if (raw == null) {
      raw = defaultText;
    }
    if (raw == null) {
      return Optional.empty();
    }
    T value;
    try {
      value = parser.apply(raw.trim());
    } catch (RuntimeException e) {
      throw invalid(raw);
    }
    if (!validator.test(value)) {
      throw invalid(raw);
    }
    return Optional.of(value);
  }

  private SQLException invalid(String raw) {
    String shown = secret ? "(hidden)" : "'" + raw + "'";
    return new LakehouseSqlException("Invalid value " + shown + " for connection property '" + name + "': expected "
        + validRange, SqlState.CONNECTION_FAILED);
  }

  DriverPropertyInfo toPropertyInfo(Properties given) {
    String current = given.getProperty(name);
    // Secrets are never echoed back, not even the caller's own value.
    String shown = secret ? null : (current != null ? current : defaultText);
    DriverPropertyInfo info = new DriverPropertyInfo(name, shown);
    info.description = description;
    info.required = false;
    info.choices = choices;
    return info;
  }

  @Override
  public String toString() {
    return name;
  }
}
