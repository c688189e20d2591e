package io.lakehouse.sql;

import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A JDBC {@code ?} parameter written as DuckDB's numbered {@code $n}. Numbering keeps user parameters in their
 * JDBC order however the dialect reorders clauses, and lets the driver add its own parameters (file lists) after
 * them.
 */
final class DollarParam extends SqlDynamicParam {
  /** The 1-based number printed; DuckDB wants the numbers in a statement to be dense, starting at 1. */
  private int number;

  DollarParam(int index, SqlParserPos pos) {
    super(index, pos);
    this.number = index + 1;
  }

  void setNumber(int number) {
    this.number = number;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.print("$" + number);
    writer.setNeedWhitespace(true);
  }

  @Override
  public SqlDynamicParam clone(SqlParserPos pos) {
    return new DollarParam(getIndex(), pos);
  }
}
