package io.lakehouse.table;

import io.lakehouse.config.TableLayout;
import io.lakehouse.storage.ObjectStore;
import java.sql.SQLException;

/**
 * The table-format SPI: a format knows how its tables look ({@link TableLayout}), the table function that reads
 * one by location, what its versions are called, and opens a table through an object store. Implementations are
 * found with {@link java.util.ServiceLoader} (see {@link TableFormats}); adding a format adds a class and two lines
 * in META-INF/services, nothing else.
 */
public interface TableFormat extends TableLayout {
  /** The table function that reads a table of this format by location: {@code delta_scan}. */
  String tableFunction();

  /** What one version of a table is called in messages and EXPLAIN: "version" (Delta), "snapshot" (Iceberg). */
  String versionNoun();

  /** The field that holds a version in records (audit log): "version", "snapshot_id". */
  String versionField();

  /** The table function's time-travel arguments that take a version, snapshot or ref, for messages. */
  java.util.List<String> versionArguments();

  /**
   * Opens a table. Cheap: reading metadata waits for {@link LakehouseTable#snapshot}.
   *
   * @param displayName the table's name for messages
   * @param location table root, or a file for which {@link #isTableFile} holds
   */
  LakehouseTable open(String displayName, String location, ObjectStore store) throws SQLException;
}
