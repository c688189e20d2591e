package io.lakehouse.config;

import java.nio.file.Path;

/**
 * A table format as the catalog sees it: its name and how its tables look on local disk, for validating catalog
 * entries and discovering tables under a directory without parsing any metadata. Table formats implement it (see
 * {@code io.lakehouse.table.TableFormat}) and are found with {@link java.util.ServiceLoader}; the catalog knows no
 * format by name.
 */
public interface TableLayout {
  /** The format's name in catalog files ({@code format: delta}). */
  String name();

  /** Whether the directory is the root of a table of this format. */
  boolean isTableDirectory(Path dir);

  /** Whether a single file can stand for a table of this format (Iceberg: a {@code *.metadata.json} file). */
  default boolean isTableFile(Path file) {
    return false;
  }

  /** What a table of this format looks like, for messages: "a Delta table (a _delta_log directory)". */
  String describe();
}
