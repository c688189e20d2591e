package io.lakehouse.engine;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.DuckDBSqlDialect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Calcite's DuckDB dialect, with LIMIT / OFFSET written the way DuckDB documents them, subscripts that keep
 * their operand whole and infix casts written as {@code CAST(x AS T)}. The parsed query is unparsed with it, so DuckDB only ever sees SQL that the driver
 * understood.
 */
public final class DuckDbDialect extends DuckDBSqlDialect {
  public static final DuckDbDialect INSTANCE = new DuckDbDialect();

  private DuckDbDialect() {
    super(DuckDBSqlDialect.DEFAULT_CONTEXT);
  }

  /**
   * String literals as DuckDB reads them: {@code '...'} with quotes doubled, whatever character set Calcite gave the
   * literal (an escape string {@code E'a\'b'} or {@code U&'...'} would otherwise reach DuckDB as
   * {@code _UTF16'...'}, a type DuckDB does not know); DuckDB strings are UTF-8.
   */
  @Override
  public void quoteStringLiteral(StringBuilder buf, String charsetName, String val) {
    buf.append('\'').append(val.replace("'", "''")).append('\'');
  }

  @Override
  public void unparseOffsetFetch(SqlWriter writer, SqlNode offset, SqlNode fetch) {
    unparseFetchUsingLimit(writer, offset, fetch);
  }

  @Override
  public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
    if (call.getKind() == SqlKind.ITEM) {
      unparseSubscript(writer, call);
    } else if (call.getKind() == SqlKind.CAST && call.getOperator() != SqlStdOperatorTable.CAST
        && call.getOperator().getName().equals("::")) {
      // Calcite writes its infix cast as `x :: T` without grouping its operand; DuckDB's :: binds tighter than any
      // operator, so `(a + b) :: T` would reach DuckDB as `a + b :: T`. The function form means what the tree means.
      SqlStdOperatorTable.CAST.unparse(writer, call, leftPrec, rightPrec);
    } else {
      super.unparseCall(writer, call, leftPrec, rightPrec);
    }
  }

  /**
   * {@code x[i]} and the slice {@code x[lo:hi]}. Calcite's own ITEM prints its operand without parentheses, which
   * turned {@code ([1] || [2])[2]} into {@code [1] || [2][2]}: anything but a name, a function call or another
   * subscript is parenthesised here.
   */
  private static void unparseSubscript(SqlWriter writer, SqlCall call) {
    SqlNode operand = call.operand(0);
    boolean whole = operand instanceof SqlIdentifier || operand instanceof SqlCall c
        && (c.getKind() == SqlKind.ITEM || c.getOperator() instanceof SqlFunction);
    if (whole) {
      operand.unparse(writer, 0, 0);
    } else {
      SqlWriter.Frame parentheses = writer.startList("(", ")");
      operand.unparse(writer, 0, 0);
      writer.endList(parentheses);
    }
    SqlWriter.Frame brackets = writer.startList("[", "]");
    call.operand(1).unparse(writer, 0, 0);
    writer.endList(brackets);
  }
}
