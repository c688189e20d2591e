package io.lakehouse.sql;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.DuckDBSqlDialect;

/**
 * Calcite's DuckDB dialect, with LIMIT / OFFSET written the way DuckDB documents them. The parsed query is
 * unparsed with it, so DuckDB only ever sees SQL that the driver understood.
 */
final class LakehouseDialect extends DuckDBSqlDialect {
  static final LakehouseDialect INSTANCE = new LakehouseDialect();

  private LakehouseDialect() {
    super(DuckDBSqlDialect.DEFAULT_CONTEXT);
  }

  @Override
  public void unparseOffsetFetch(SqlWriter writer, SqlNode offset, SqlNode fetch) {
    unparseFetchUsingLimit(writer, offset, fetch);
  }
}
