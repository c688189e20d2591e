package io.lakehouse.sql;

import io.lakehouse.table.LakehouseTable;
import org.apache.calcite.sql.SqlNode;

/**
 * One table reference in a query, bound to a table, with its time-travel clause still unevaluated (it may use
 * parameters).
 *
 * @param displayName the table's name for messages and EXPLAIN
 * @param table the opened table
 * @param kind what the time-travel expression means, or null for the latest snapshot
 * @param timeTravel the time-travel expression, or null
 * @param node the placeholder that receives the rendered scan
 * @param line 1-based line of the reference in the user's SQL
 * @param column 1-based column of the reference in the user's SQL
 */
record TableReference(String displayName, LakehouseTable table, TimeTravelSyntax.Kind kind, SqlNode timeTravel,
    ScanNode node, int line, int column) {}
