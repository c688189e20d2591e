package io.lakehouse.cli;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;

/**
 * CSV or TSV: a header line, then one line per row (lines end in LF). A field is quoted as RFC 4180 says when it
 * holds the delimiter, a quote, CR or LF, or starts or ends with a blank, and an empty string is written as
 * {@code ""} so that it differs from NULL (the null text, empty by default).
 */
final class DelimitedWriter implements ResultWriter {
  private final PrintStream out;
  private final char delimiter;
  private final String nullText;
  private final boolean header;

  DelimitedWriter(PrintStream out, char delimiter, String nullText, boolean header) {
    this.out = out;
    this.delimiter = delimiter;
    this.nullText = nullText;
    this.header = header;
  }

  @Override
  public long write(ResultSet rs, BooleanSupplier stop) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    StringBuilder line = new StringBuilder();
    if (header) {
      for (int c = 1; c <= n; c++) {
        field(line, c, quote(md.getColumnLabel(c)));
      }
      out.println(line);
    }
    long rows = 0;
    while (ResultWriter.next(rs, stop)) {
      line.setLength(0);
      for (int c = 1; c <= n; c++) {
        String v = CellText.of(rs, c);
        field(line, c, v == null ? nullText : quote(v));
      }
      out.println(line);
      rows++;
    }
    return rows;
  }

  private void field(StringBuilder line, int column, String text) {
    if (column > 1) {
      line.append(delimiter);
    }
    line.append(text);
  }

  String quote(String value) {
    boolean needs = value.isEmpty() || value.indexOf(delimiter) >= 0 || value.indexOf('"') >= 0
        || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0
        || Character.isWhitespace(value.charAt(0)) || Character.isWhitespace(value.charAt(value.length() - 1));
    return needs ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }
}
