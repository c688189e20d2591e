package io.lakehouse.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * How the embedded DuckDB is set up.
 *
 * @param allowedDirectories the only directories DuckDB may read (table roots; the temp directory is added)
 * @param tempDirectory private spill directory
 * @param threads worker threads, or null for DuckDB's default
 * @param memoryLimit e.g. {@code 4GB}, or null for DuckDB's default
 * @param timeZone session time zone id
 */
public record EngineSettings(List<Path> allowedDirectories, Path tempDirectory, Integer threads, String memoryLimit,
    String timeZone) {
  public EngineSettings withTimeZone(String zone) {
    return new EngineSettings(allowedDirectories, tempDirectory, threads, memoryLimit, zone);
  }
}
