package io.lakehouse.engine;

import io.lakehouse.table.ScanColumn;
import io.lakehouse.table.ScanPlan;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlNode;

/**
 * The engine seam: everything an engine needs to read one table reference of a query, engine-neutral. The planned
 * files with their columns, per-file constants and deletes ({@link ScanPlan}), the hidden columns the query names,
 * and the principal's grant (columns, row filter as a parse tree the engine renders in its own dialect). The DuckDB
 * engine renders it as a read_parquet sub-query ({@link ScanRenderer}); another engine would render it its way.
 *
 * @param displayName the reference's name, for messages
 * @param plan the snapshot's planned files
 * @param metadataColumns hidden columns of the plan the query names
 * @param visibleColumns the columns the principal may read, or null for all
 * @param rowFilter the principal's row filter, or null
 * @param readColumns lower-cased names of the columns the query may read from it (null: any), for a sparse fetch
 * @param shapeOnly for EXPLAIN: only the plan's shape matters, not its data
 */
public record TableScan(String displayName, ScanPlan plan, List<ScanColumn> metadataColumns,
    List<ScanColumn> visibleColumns, SqlNode rowFilter, Set<String> readColumns, boolean shapeOnly) {}
