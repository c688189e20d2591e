package io.lakehouse.table;

/**
 * A column of a table snapshot as the reader must read it.
 *
 * @param name logical column name, as SQL sees it
 * @param duckdbType the DuckDB type the column is read as, e.g. {@code DECIMAL(10,2)} or {@code INTEGER[]}
 * @param parquetKey how the column is found in data files: an {@link Integer} field id, or a {@link String}
 *     physical column name
 * @param partitionValue true when the value is not in the data files but given per file (Delta partitions)
 * @param nullable whether the table schema allows nulls
 */
public record ScanColumn(String name, String duckdbType, Object parquetKey, boolean partitionValue,
    boolean nullable) {}
