package io.lakehouse.table;

/**
 * What one table reference of an execution read: the pinned snapshot and the planned files. A read-only summary
 * for auditing and diagnostics; the plan itself stays inside the query.
 *
 * @param name the reference as written (table name, or the location of a table function)
 * @param format the table's format
 * @param version the version (Delta) or snapshot id (Iceberg) read
 * @param files data files planned (handed to the engine)
 * @param bytes their total size
 */
public record TableRead(String name, TableFormat format, long version, int files, long bytes) {
  /** "t version 3", "t snapshot 123": the table and the version read, for messages. */
  public String versionText() {
    return name + " " + format.versionNoun() + " " + version;
  }

  @Override
  public String toString() {
    return name + " " + format.name() + " " + format.versionNoun() + " " + version + " (" + files + " files, "
        + bytes + " bytes)";
  }
}
