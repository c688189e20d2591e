package io.lakehouse.table;

/**
 * What a table format's metadata says, exactly, about one top-level column in one data file (Delta add-action
 * stats, Iceberg manifest metrics). A format fills a bound only when it is the column's true smallest / largest
 * non-null value in the file, in the column's type: never a truncated string, a millisecond-rounded timestamp, a
 * float (NaN), or a value whose type does not map exactly. Readers must treat a missing bound as unknown.
 *
 * @param nullCount rows whose value is NULL, or null when unknown
 * @param min the smallest non-null value as text in the form of {@link ScanFile#constants()}, or null when the
 *     format does not know it exactly (or every value is NULL)
 * @param max the largest non-null value, likewise
 */
public record ColumnStats(Long nullCount, String min, String max) {
  /**
   * Whether these statistics give the column's exact minimum and maximum in a file of {@code records} rows: both
   * bounds known, or every value NULL (then there is no minimum or maximum).
   */
  public boolean exactBounds(long records) {
    return (min != null && max != null) || (nullCount != null && records >= 0 && nullCount == records);
  }
}
