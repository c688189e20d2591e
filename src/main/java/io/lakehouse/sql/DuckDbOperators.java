package io.lakehouse.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.SqlWriter;

/**
 * The DuckDB forms {@link DuckDbSyntax} puts into parsed trees. Each unparses as DuckDB writes it; none is a
 * {@link SqlFunction} except the ordered aggregate, which keeps its function's name for the allow-list.
 */
final class DuckDbOperators {
  private DuckDbOperators() {}

  /**
   * {@code a // b}: DuckDB's integer division, with the precedence of {@code /} (60, left-associative, as
   * {@code SqlStdOperatorTable.DIVIDE}), so that unparsing adds parentheses exactly where {@code /} would.
   */
  static final SqlBinaryOperator INTEGER_DIVIDE = new SqlBinaryOperator("//", SqlKind.OTHER, 60, true, null, null,
      null);

  /** The bounds of a slice, {@code lo:hi} or {@code lo:hi:step}, inside {@code x[...]}; DEFAULT is an empty bound. */
  static final SqlSpecialOperator SLICE = new SqlSpecialOperator("SLICE", SqlKind.OTHER) {
    @Override
    public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
      List<SqlNode> bounds = call.getOperandList();
      for (int i = 0; i < bounds.size(); i++) {
        if (i > 0) {
          writer.print(":");
          writer.setNeedWhitespace(false);
        }
        if (bounds.get(i).getKind() != SqlKind.DEFAULT) {
          bounds.get(i).unparse(writer, 0, 0);
          writer.setNeedWhitespace(false);
        }
      }
    }
  };

  /** The ALL of DuckDB's {@code GROUP BY ALL} / {@code ORDER BY ALL}; binds tightest, so never parenthesised. */
  static final SqlSpecialOperator BY_ALL = new SqlSpecialOperator("ALL", SqlKind.OTHER, 200) {
    @Override
    public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
      writer.keyword("ALL");
    }
  };

  /** {@code f([DISTINCT] args ORDER BY keys)}: the aggregate with its ORDER BY inside the parentheses. */
  static SqlCall orderedAggregate(SqlCall aggregate, SqlNodeList orderBy) {
    SqlFunction function = (SqlFunction) aggregate.getOperator();
    SqlIdentifier name = function.getSqlIdentifier() != null ? function.getSqlIdentifier()
        : new SqlIdentifier(function.getName(), aggregate.getParserPosition());
    List<SqlNode> operands = new ArrayList<>(aggregate.getOperandList());
    operands.add(orderBy);
    return new OrderedAggregate(name).createCall(aggregate.getFunctionQuantifier(), aggregate.getParserPosition(),
        operands);
  }

  /** A function written with Calcite's ordered-function syntax: the last operand is printed as ORDER BY. */
  private static final class OrderedAggregate extends SqlUnresolvedFunction {
    OrderedAggregate(SqlIdentifier name) {
      super(name, null, null, null, null, SqlFunctionCategory.USER_DEFINED_FUNCTION);
    }

    @Override
    public SqlSyntax getSyntax() {
      return SqlSyntax.ORDERED_FUNCTION;
    }
  }
}
