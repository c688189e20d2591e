package io.lakehouse.sql;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Stands where a table reference was in the parsed query. Before each execution the engine's rendering of the
 * planned scan (a parenthesised sub-query over {@code read_parquet}) is put in, and unparsing prints it verbatim.
 */
final class ScanNode extends SqlIdentifier {
  private String renderedSql = "(SELECT 1 WHERE false)";

  ScanNode(String name, SqlParserPos pos) {
    super(name, pos);
  }

  void setRenderedSql(String sql) {
    this.renderedSql = sql;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.print(renderedSql);
    writer.setNeedWhitespace(true);
  }
}
