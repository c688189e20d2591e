package io.lakehouse.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Recognises Delta and Iceberg table directories by their metadata layout, without parsing anything. */
final class TableDetector {
  private TableDetector() {}

  /** {@code "delta"}, {@code "iceberg"} or {@code null}. */
  static String detect(Path dir) {
    if (Files.isDirectory(dir.resolve("_delta_log"))) {
      return "delta";
    }
    return hasIcebergMetadata(dir.resolve("metadata")) ? "iceberg" : null;
  }

  /** Why the location is not a table of the given format, or {@code null} when it is one. */
  static String problem(Path location, String format) {
    if (!Files.exists(location)) {
      return location + " does not exist";
    }
    if (format.equals("iceberg") && Files.isRegularFile(location)) {
      return isMetadataFile(location.getFileName().toString()) ? null
          : location + " is a file but not an Iceberg *.metadata.json file";
    }
    String found = detect(location);
    if (format.equals(found)) {
      return null;
    }
    String expected = format.equals("delta") ? "a Delta table (no _delta_log directory)"
        : "an Iceberg table (no metadata/*.metadata.json)";
    return location + " is not " + expected + (found == null ? "" : "; it looks like a " + found + " table");
  }

  /** Iceberg metadata file names, gzip-compressed ones included (*.gz.metadata.json, older *.metadata.json.gz). */
  private static boolean isMetadataFile(String name) {
    return name.endsWith(".metadata.json") || name.endsWith(".metadata.json.gz");
  }

  private static boolean hasIcebergMetadata(Path metadataDir) {
    if (!Files.isDirectory(metadataDir)) {
      return false;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(metadataDir,
        p -> isMetadataFile(p.getFileName().toString()))) {
      return ds.iterator().hasNext();
    } catch (IOException e) {
      return false;
    }
  }
}
