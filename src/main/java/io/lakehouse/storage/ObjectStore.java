package io.lakehouse.storage;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.List;

/**
 * The storage SPI: everything the table formats read (Delta logs, checkpoints, Iceberg metadata and manifests,
 * deletion vectors) goes through one of these, so credentials, retries and caching live in one place.
 * Locations are the strings the table metadata holds (absolute paths or URIs).
 *
 * <p>A missing object must throw {@link java.io.FileNotFoundException}: Delta Kernel treats other exceptions as
 * transient and retries with sleeps.
 */
public interface ObjectStore {
  /** Object size in bytes. */
  long length(String location) throws IOException;

  /** Modification time in epoch milliseconds (Delta commit times come from it). */
  long lastModified(String location) throws IOException;

  boolean exists(String location) throws IOException;

  /** A random-access reader of the object. */
  SeekableByteChannel open(String location) throws IOException;

  /**
   * Objects in the same directory whose names sort at or after the given location's name, in name order
   * (Delta's {@code listFrom}).
   */
  List<FileInfo> listFrom(String location) throws IOException;

  /**
   * A reader for an object the table format guarantees never changes under its name (Delta commits and
   * checkpoints, Iceberg metadata files and manifests). Remote stores serve it from the file cache, so metadata of
   * unchanged versions is fetched once.
   */
  default SeekableByteChannel openImmutable(String location) throws IOException {
    return open(location);
  }

  /**
   * A name of the location that is the same for every spelling of the same object ({@code s3a://} and
   * {@code s3://}, {@code abfss://c@a.dfs...} and {@code az://c}, local paths with {@code ..}), for comparing a
   * file against the roots it must lie in.
   */
  default String canonical(String location) {
    return location;
  }

  /** Objects directly inside a directory, in name order. */
  List<FileInfo> list(String directory) throws IOException;

  /** The whole object; for small metadata files only. */
  default byte[] readAll(String location) throws IOException {
    try (SeekableByteChannel ch = open(location)) {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(Math.toIntExact(ch.size()));
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // keep reading
      }
      return buf.array();
    }
  }

  /** A path DuckDB can open for this object (local stores return it as is; remote ones fetch into a cache). */
  String localPath(String location) throws IOException;

  /** {@link #localPath} for many objects; remote stores fetch them in parallel. */
  default java.util.Map<String, String> localPaths(java.util.Collection<String> locations) throws IOException {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String l : locations) {
      out.put(l, localPath(l));
    }
    return out;
  }

  /**
   * {@link #localPaths} for Parquet data files of which a query reads only some top-level columns (field ids or
   * names; null = every column). Stores with a sparse cache fetch only those column chunks.
   */
  default java.util.Map<String, String> localPaths(java.util.Map<String, java.util.Set<Object>> columnsByLocation)
      throws IOException {
    return localPaths(columnsByLocation.keySet());
  }

  /** Directories DuckDB must be allowed to read for this store's local paths (the cache), if any. */
  default java.util.List<java.nio.file.Path> localDirectories() {
    return java.util.List.of();
  }

  /** A listed object. */
  record FileInfo(String location, long size, long lastModified) {}
}
