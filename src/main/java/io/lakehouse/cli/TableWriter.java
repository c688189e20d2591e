package io.lakehouse.cli;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Aligned columns. Values are shown whole (or cut at {@code --max-width} with a marker and a note), line breaks and
 * tabs inside a value as {@code \n}, {@code \r}, {@code \t} so each row is one line, numbers right-aligned, NULL
 * as the null text. Rows are laid out in blocks of {@value #BLOCK}: a later block with wider values prints the
 * header again with the wider columns, so memory stays bounded and nothing is cut silently.
 */
final class TableWriter implements ResultWriter {
  static final int BLOCK = 1000;
  static final String CUT = "…";

  private final PrintStream out;
  private final String nullText;
  private final int maxWidth;

  TableWriter(PrintStream out, String nullText, int maxWidth) {
    this.out = out;
    this.nullText = nullText;
    this.maxWidth = maxWidth;
  }

  @Override
  public long write(ResultSet rs, BooleanSupplier stop) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    String[] header = new String[n];
    boolean[] right = new boolean[n];
    for (int c = 0; c < n; c++) {
      header[c] = display(md.getColumnLabel(c + 1));
      right[c] = numeric(md.getColumnType(c + 1));
    }
    int[] widths = widthsOf(List.<String[]>of(header), new int[n]);
    long rows = 0;
    boolean cut = false;
    boolean printedHeader = false;
    List<String[]> block = new ArrayList<>(BLOCK);
    boolean more = true;
    while (more) {
      more = ResultWriter.next(rs, stop);
      if (more) {
        String[] row = new String[n];
        for (int c = 0; c < n; c++) {
          String v = CellText.of(rs, c + 1);
          String shown = v == null ? nullText : display(v);
          if (maxWidth > 0 && shown.codePointCount(0, shown.length()) > maxWidth) {
            shown = shown.substring(0, shown.offsetByCodePoints(0, Math.max(0, maxWidth - 1))) + CUT;
            cut = true;
          }
          row[c] = shown;
        }
        block.add(row);
        rows++;
      }
      if (block.size() == BLOCK || (!more && (!block.isEmpty() || !printedHeader))) {
        int[] wider = widthsOf(block, widths);
        if (!printedHeader || !java.util.Arrays.equals(wider, widths)) {
          widths = wider;
          line(widths);
          row(header, widths, new boolean[n]);
          line(widths);
          printedHeader = true;
        }
        for (String[] r : block) {
          row(r, widths, right);
        }
        block.clear();
      }
    }
    line(widths);
    out.println("(" + rows + (rows == 1 ? " row)" : " rows)"));
    if (cut) {
      out.println("(values longer than " + maxWidth + " characters are cut, marked " + CUT
          + "; --max-width 0 shows them whole)");
    }
    return rows;
  }

  private static int[] widthsOf(List<String[]> rows, int[] start) {
    int[] w = start.clone();
    for (String[] r : rows) {
      for (int c = 0; c < r.length; c++) {
        w[c] = Math.max(w[c], width(r[c]));
      }
    }
    return w;
  }

  private void line(int[] widths) {
    StringBuilder b = new StringBuilder("+");
    for (int w : widths) {
      b.append("-".repeat(w + 2)).append('+');
    }
    out.println(b);
  }

  private void row(String[] cells, int[] widths, boolean[] right) {
    StringBuilder b = new StringBuilder("|");
    for (int c = 0; c < cells.length; c++) {
      String pad = " ".repeat(widths[c] - width(cells[c]));
      b.append(' ');
      if (right[c]) {
        b.append(pad).append(cells[c]);
      } else {
        b.append(cells[c]).append(pad);
      }
      b.append(" |");
    }
    out.println(b);
  }

  private static int width(String s) {
    return s.codePointCount(0, s.length());
  }

  /** One line per row: line breaks and tabs inside a value made visible. */
  static String display(String value) {
    if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0 && value.indexOf('\t') < 0) {
      return value;
    }
    return value.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
  }

  private static boolean numeric(int type) {
    return switch (type) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL, Types.NUMERIC, Types.REAL,
          Types.FLOAT, Types.DOUBLE -> true;
      default -> false;
    };
  }
}
