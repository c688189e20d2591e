package io.lakehouse.table;

/**
 * What one table reference of an execution read: the pinned snapshot and the planned files. A read-only summary
 * for auditing and diagnostics; the plan itself stays inside the query.
 *
 * @param name the reference as written (table name, or the location of a delta_scan / iceberg_scan)
 * @param format {@code delta} or {@code iceberg}
 * @param version the Delta version or Iceberg snapshot id read
 * @param files data files planned (handed to the engine)
 * @param bytes their total size
 */
public record TableRead(String name, String format, long version, int files, long bytes) {
  public boolean isDelta() {
    return format.equals("delta");
  }

  @Override
  public String toString() {
    return name + " " + format + (isDelta() ? " version " : " snapshot ") + version + " (" + files + " files, "
        + bytes + " bytes)";
  }
}
