package io.lakehouse.sql;

import java.util.List;
import org.apache.calcite.sql.SqlNode;

/**
 * The part of a table a principal may read, applied inside the table's scan so nothing else reaches the query:
 * only these columns leave the scan, and only rows passing the filter.
 *
 * @param columns readable column names (lower-cased), or null for all
 * @param rowFilter the catalog's row filter, parsed and checked, or null
 */
record ReadRestriction(List<String> columns, SqlNode rowFilter) {}
