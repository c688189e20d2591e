package io.lakehouse.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.List;

/**
 * The storage SPI: everything the table formats read (Delta logs, checkpoints, Iceberg metadata and manifests,
 * deletion vectors) goes through one of these, so credentials, retries and caching live in one place.
 * Locations are the strings the table metadata holds (absolute paths or URIs).
 *
 * <p>Two roles live here: reading objects (sizes, listings, ranges) and naming them ({@link #canonical}). Handing
 * objects to the engine as local files is a separate capability, {@link SupportsLocalFiles}, which callers ask for
 * explicitly (as with Iceberg's {@code FileIO} and its {@code Supports*} mix-ins).
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
   * A reader for an object the table format guarantees never changes under its name (Delta commits and
   * checkpoints, Iceberg metadata files and manifests). Remote stores serve it from the file cache, so metadata of
   * unchanged versions is fetched once.
   */
  default SeekableByteChannel openImmutable(String location) throws IOException {
    return open(location);
  }

  /** The whole object; for small metadata files only. */
  default byte[] readAll(String location) throws IOException {
    try (SeekableByteChannel ch = open(location)) {
      ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(ch.size()));
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // keep reading
      }
      return buf.array();
    }
  }

  /**
   * Objects in the same directory whose names sort at or after the given location's name, in name order
   * (Delta's {@code listFrom}).
   */
  List<FileInfo> listFrom(String location) throws IOException;

  /** Objects directly inside a directory, in name order. */
  List<FileInfo> list(String directory) throws IOException;

  /**
   * A name of the location that is the same for every spelling of the same object ({@code s3a://} and
   * {@code s3://}, {@code abfss://c@a.dfs...} and {@code az://c}, local paths with {@code ..}), for comparing a
   * file against the roots it must lie in.
   */
  default String canonical(String location) {
    return location;
  }

  /** A listed object. */
  record FileInfo(String location, long size, long lastModified) {}
}
