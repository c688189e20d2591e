package io.lakehouse.sql;

import java.math.BigDecimal;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code Statement.setMaxRows(n)} as a LIMIT of the query itself, so that DuckDB stops after n rows instead of the
 * driver discarding the rest (a 200-row preview of a 10M-row table read the whole table).
 *
 * <p>The limit goes into the query's own top level, never around it: {@code SELECT * FROM (q) LIMIT n} would rename
 * duplicate column names (DuckDB makes {@code x, x} into {@code x, x_1}). So a top-level SELECT, set operation or
 * ORDER BY gets {@code LIMIT n} (an existing literal LIMIT becomes the smaller of the two; OFFSET is kept), and a WITH
 * gets it on its body. An ORDER BY stays in the same query block as the LIMIT, so the rows are the first n of the
 * ordered result. Anything else (a LIMIT given as a parameter, a SELECT that carries its own ORDER BY or FETCH after
 * rewriting, statements of other shapes) is not limited here: the result set still stops after n rows, the engine
 * just computes more of them.
 */
final class RowLimit {
  private RowLimit() {}

  /**
   * The query with at most {@code maxRows} rows, sharing the original's nodes (which are not changed); null when
   * the limit cannot be put into this query's shape.
   */
  static SqlNode apply(SqlNode query, long maxRows) {
    if (maxRows <= 0) {
      return null;
    }
    SqlParserPos pos = query.getParserPosition();
    if (query instanceof SqlWith with) {
      SqlNode body = apply(with.body, maxRows);
      return body == null ? null : new SqlWith(pos, with.withList, body);
    }
    if (query instanceof SqlOrderBy orderBy) {
      SqlNode fetch = smaller(orderBy.fetch, maxRows);
      return fetch == null ? null : new SqlOrderBy(pos, orderBy.query, orderBy.orderList, orderBy.offset, fetch);
    }
    boolean plainSelect = query instanceof SqlSelect select && select.getOrderList() == null
        && select.getFetch() == null && select.getOffset() == null;
    boolean setOperation = query.getKind() == SqlKind.UNION || query.getKind() == SqlKind.INTERSECT
        || query.getKind() == SqlKind.EXCEPT;
    if (plainSelect || setOperation) {
      return new SqlOrderBy(pos, query, SqlNodeList.EMPTY, null, literal(maxRows));
    }
    return null;
  }

  /** The smaller of an existing FETCH and the limit; null when the existing one is not a number literal. */
  private static SqlNode smaller(SqlNode fetch, long maxRows) {
    if (fetch == null) {
      return literal(maxRows);
    }
    if (fetch instanceof SqlNumericLiteral n && n.isExact()) {
      BigDecimal existing = n.getValueAs(BigDecimal.class);
      return existing.compareTo(BigDecimal.valueOf(maxRows)) <= 0 ? fetch : literal(maxRows);
    }
    return null;
  }

  private static SqlNode literal(long n) {
    return SqlLiteral.createExactNumeric(Long.toString(n), SqlParserPos.ZERO);
  }
}
