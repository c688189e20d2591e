package io.lakehouse.config;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Properties;

/**
 * A connection's settings, parsed once from the URL and {@link Properties} (as trino-jdbc's driver URI object and
 * Avatica's connection config): typed, validated, immutable. Nothing after this reads raw properties.
 *
 * @param catalog the catalog file or directory
 * @param user the principal to authenticate as, or null
 * @param password its password, or null (registered for redaction)
 * @param threads worker threads asked for, or null
 * @param memoryLimit memory asked for, or null
 * @param tempDirectory spill directory asked for (absolute), or null
 * @param timeZone the session zone (default: the JVM's)
 * @param resultCache whether the catalog's result cache is used (default true)
 * @param metadataMaxStaleness how old a table's freshness check may be before a query checks again (default 0)
 */
public record ConnectionConfig(String catalog, String user, String password, Integer threads, ByteSize memoryLimit,
    Path tempDirectory, ZoneId timeZone, boolean resultCache, Duration metadataMaxStaleness) {

  /** Parses and validates every property; the first invalid one fails with 08001 naming it. */
  public static ConnectionConfig parse(Properties properties) throws SQLException {
    return new ConnectionConfig(
        ConnectionProperties.CATALOG.get(properties).orElse(null),
        ConnectionProperties.USER.get(properties).orElse(null),
        ConnectionProperties.PASSWORD.get(properties).orElse(null),
        ConnectionProperties.THREADS.get(properties).orElse(null),
        ConnectionProperties.MEMORY_LIMIT.get(properties).orElse(null),
        ConnectionProperties.TEMP_DIRECTORY.get(properties).orElse(null),
        ConnectionProperties.TIME_ZONE.get(properties).orElse(ZoneId.systemDefault()),
        ConnectionProperties.RESULT_CACHE.get(properties).orElse(true),
        ConnectionProperties.METADATA_MAX_STALENESS.get(properties).orElse(Duration.ZERO));
  }

  @Override
  public String toString() {
    // Never the password.
    return "ConnectionConfig[catalog=" + catalog + ", user=" + user + ", threads=" + threads + ", memoryLimit="
        + memoryLimit + ", tempDirectory=" + tempDirectory + ", timeZone=" + timeZone
        + ", resultCache=" + resultCache + ", metadataMaxStaleness=" + metadataMaxStaleness + "]";
  }
}
