package io.lakehouse.jdbc;

/**
 * What the current (or last) execution of a statement has planned so far, for progress displays such as the
 * shell's: {@code statement.unwrap(StatementProgress.class)}. Safe to call from another thread while the statement
 * runs. Counts grow as each table reference is planned; a cached result or a metadata answer plans no files.
 */
public interface StatementProgress {
  /** Table references planned so far. */
  int plannedTables();

  /** Data files planned so far (handed to the engine to scan). */
  int plannedFiles();

  /** The total size of those files, in bytes. */
  long plannedBytes();
}
