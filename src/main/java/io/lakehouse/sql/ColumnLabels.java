package io.lakehouse.sql;

import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlStarExclude;
import org.apache.calcite.sql.SqlStarReplace;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Names the result columns a query leaves unnamed, as Trino does: an expression without an alias in the outermost
 * select list is labelled {@code _col<N>}, N its 0-based position in that list (a star counts as one item, where
 * Trino counts the columns it expands to). Column references keep their column's name, aliases their alias, stars
 * and DuckDB's {@code COLUMNS(...)} / {@code UNPACK(...)} the names they expand to. Without this DuckDB would name
 * them after its own rendering of the rewritten query ({@code count_star()}, {@code CAST('1' AS DATE)}), which is
 * neither what the user wrote nor stable across DuckDB versions. The alias goes into the query itself, so
 * getColumnLabel, getColumnName and DESCRIBE agree.
 */
final class ColumnLabels {
  /** DuckDB calls that expand to several columns named by what they expand. */
  private static final Set<String> EXPANDING = Set.of("COLUMNS", "UNPACK");

  private ColumnLabels() {}

  /** Aliases the unnamed expressions of the query's outermost select list (of a set operation: its first). */
  static void apply(SqlNode query) {
    SqlSelect select = outermost(query);
    if (select == null) {
      return;
    }
    SqlNodeList items = select.getSelectList();
    for (int i = 0; i < items.size(); i++) {
      SqlNode item = items.get(i);
      if (needsLabel(item)) {
        items.set(i, SqlStdOperatorTable.AS.createCall(item.getParserPosition(), item,
            new SqlIdentifier("_col" + i, item.getParserPosition())));
      }
    }
  }

  private static SqlSelect outermost(SqlNode node) {
    if (node instanceof SqlSelect s) {
      return s;
    }
    if (node instanceof SqlOrderBy o) {
      return outermost(o.query);
    }
    if (node instanceof SqlWith w) {
      return outermost(w.body);
    }
    if (node != null && (node.getKind() == SqlKind.UNION || node.getKind() == SqlKind.INTERSECT
        || node.getKind() == SqlKind.EXCEPT)) {
      return outermost(((SqlCall) node).operand(0));
    }
    return null;
  }

  private static boolean needsLabel(SqlNode item) {
    if (item instanceof SqlIdentifier || item instanceof SqlStarExclude || item instanceof SqlStarReplace) {
      return false;
    }
    if (item instanceof SqlCall call) {
      return call.getKind() != SqlKind.AS
          && !EXPANDING.contains(call.getOperator().getName().toUpperCase(Locale.ROOT));
    }
    return true;
  }
}
