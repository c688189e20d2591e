package io.lakehouse.table.iceberg;

import io.lakehouse.storage.ObjectStore;
import io.lakehouse.table.LakehouseTable;
import io.lakehouse.table.TableFormat;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Apache Iceberg, read with Iceberg's Java core library. */
public final class IcebergFormat implements TableFormat {
  @Override
  public String name() {
    return "iceberg";
  }

  /**
   * Whether a file name is an Iceberg table metadata file: {@code v3.metadata.json},
   * {@code 00003-<uuid>.metadata.json}, gzip-compressed {@code *.gz.metadata.json} or the older
   * {@code *.metadata.json.gz}.
   */
  public static boolean isMetadataFile(String name) {
    return name.endsWith(".metadata.json") || name.endsWith(".metadata.json.gz");
  }

  @Override
  public boolean isTableDirectory(Path dir) {
    Path metadata = dir.resolve("metadata");
    if (!Files.isDirectory(metadata)) {
      return false;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(metadata,
        p -> isMetadataFile(p.getFileName().toString()))) {
      return ds.iterator().hasNext();
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public boolean isTableFile(Path file) {
    return Files.isRegularFile(file) && isMetadataFile(file.getFileName().toString());
  }

  @Override
  public String describe() {
    return "an Iceberg table (no metadata/*.metadata.json)";
  }

  @Override
  public String tableFunction() {
    return "iceberg_scan";
  }

  @Override
  public String versionNoun() {
    return "snapshot";
  }

  @Override
  public String versionField() {
    return "snapshot_id";
  }

  @Override
  public List<String> versionArguments() {
    return List.of("version", "snapshot_id", "ref");
  }

  @Override
  public LakehouseTable open(String displayName, String location, ObjectStore store) {
    return new IcebergTable(displayName, location, store);
  }
}
