package io.lakehouse.table.delta;

import io.lakehouse.storage.ObjectStore;
import io.lakehouse.table.LakehouseTable;
import io.lakehouse.table.TableFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Delta Lake, read with Delta Kernel for Java. */
public final class DeltaFormat implements TableFormat {
  @Override
  public String name() {
    return "delta";
  }

  @Override
  public boolean isTableDirectory(Path dir) {
    return Files.isDirectory(dir.resolve("_delta_log"));
  }

  @Override
  public String describe() {
    return "a Delta table (no _delta_log directory)";
  }

  @Override
  public String tableFunction() {
    return "delta_scan";
  }

  @Override
  public String versionNoun() {
    return "version";
  }

  @Override
  public String versionField() {
    return "version";
  }

  @Override
  public List<String> versionArguments() {
    return List.of("version");
  }

  @Override
  public LakehouseTable open(String displayName, String location, ObjectStore store) {
    return new DeltaTable(displayName, location, store);
  }
}
