package io.lakehouse.config;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Parses {@code jdbc:lakehouse:<catalog path>[?name=value&...]} and {@code jdbc:lakehouse:?catalog=<path>} into
 * connection properties. URL parameters and the caller's {@link Properties} are merged; giving the same property
 * twice with different values is an error rather than a silent choice.
 */
public final class LakehouseUrl {
  public static final String PREFIX = "jdbc:lakehouse:";

  private LakehouseUrl() {}

  public static boolean accepts(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  /** Merged, validated properties. Unknown property names are refused so that typos don't go unnoticed. */
  public static Properties parse(String url, Properties info) throws SQLException {
    if (!accepts(url)) {
      throw new LakehouseSqlException("Not a lakehouse JDBC URL (expected " + PREFIX + "<catalog path>)",
          SqlState.CONNECTION_FAILED);
    }
    Properties merged = new Properties();
    if (info != null) {
      for (String name : info.stringPropertyNames()) {
        merged.setProperty(name, info.getProperty(name));
      }
    }
    String rest = url.substring(PREFIX.length());
    int q = rest.indexOf('?');
    String path = q < 0 ? rest : rest.substring(0, q);
    if (q >= 0) {
      for (String pair : rest.substring(q + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        put(merged, name, value);
      }
    }
    if (!path.isEmpty()) {
      put(merged, ConnectionProperties.CATALOG.name(), decode(path));
    }
    for (String name : merged.stringPropertyNames()) {
      if (!ConnectionProperties.names().contains(name)) {
        throw new LakehouseSqlException("Unknown connection property '" + name + "'; known properties: "
            + ConnectionProperties.names().stream().sorted().toList(), SqlState.CONNECTION_FAILED);
      }
    }
    return merged;
  }

  /** The URL without secret parameters, for metadata and messages. */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    int q = url.indexOf('?');
    if (q < 0) {
      return url;
    }
    StringBuilder out = new StringBuilder(url.substring(0, q));
    String sep = "?";
    for (String pair : url.substring(q + 1).split("&")) {
      String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
      if (!name.equalsIgnoreCase(ConnectionProperties.PASSWORD.name()) && !pair.isEmpty()) {
        out.append(sep).append(pair);
        sep = "&";
      }
    }
    return out.toString();
  }

  private static void put(Properties merged, String name, String value) throws SQLException {
    String previous = merged.getProperty(name);
    if (previous != null && !previous.equals(value)) {
      throw new LakehouseSqlException("Connection property '" + name + "' is given twice with different values",
          SqlState.CONNECTION_FAILED);
    }
    merged.setProperty(name, value);
  }

  private static String decode(String s) throws SQLException {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new LakehouseSqlException("Malformed percent-encoding in the JDBC URL",
          SqlState.CONNECTION_FAILED);
    }
  }
}
