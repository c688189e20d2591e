package io.lakehouse.engine;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns DuckDB's errors into SQLExceptions with a fitting SQLState. Only DuckDB's first line is kept: the rest
 * quotes the rewritten query (file lists, internal names) and is not what the user wrote.
 */
public final class DuckDbErrors {
  private static final Pattern COLUMN = Pattern.compile(
      "(?:Referenced column|column with name|does not have a column named) \"([^\"]+)\"");

  /** Starts the text of DuckDB errors the driver raises itself for a feature it cannot read (0A000). */
  static final String NOT_SUPPORTED_MARKER = "lakehouse-0A000: ";

  private DuckDbErrors() {}

  /** The column name a "column not found" error is about, or null. */
  public static String missingColumn(SQLException e) {
    Matcher m = COLUMN.matcher(String.valueOf(e.getMessage()));
    return m.find() ? m.group(1) : null;
  }

  /**
   * Whether DuckDB invalidated its database with this error: an internal error (an assertion inside DuckDB), a
   * fatal error, or the report that an earlier one did. Every later statement on that database would fail.
   */
  public static boolean isFatal(SQLException e) {
    String m = String.valueOf(e.getMessage());
    return m.startsWith("INTERNAL Error") || m.startsWith("FATAL Error") || m.contains("INTERNAL Error:")
        || m.contains("database has been invalidated");
  }

  public static LakehouseSqlException translate(SQLException e, int line, int column) {
    return translate(e, line, column, "");
  }

  /**
   * As {@link #translate(SQLException, int, int)}, with a hint appended to the message (e.g. "; did you mean x?").
   * DuckDB calls every table reference a "Values list" (the driver renders scans as sub-queries); messages say
   * "Table".
   */
  public static LakehouseSqlException translate(SQLException e, int line, int column, String hint) {
    String message = String.valueOf(e.getMessage());
    int nl = message.indexOf('\n');
    String first = (nl > 0 ? message.substring(0, nl) : message).trim().replace("Values list \"", "Table \"");
    if (!hint.isEmpty()) {
      first = (first.endsWith("!") ? first.substring(0, first.length() - 1) : first) + hint;
    }
    SqlState state;
    int marker = first.indexOf(NOT_SUPPORTED_MARKER);
    if (marker >= 0) {
      return new LakehouseSqlException(first.substring(marker + NOT_SUPPORTED_MARKER.length()),
          SqlState.NOT_SUPPORTED, line, column, e);
    }
    if (isFatal(e)) {
      return new LakehouseSqlException("The query engine failed internally: " + first + " (the connection "
          + "restarts its engine; other statements are not affected)", SqlState.INTERNAL_ERROR, line,
          column, e);
    } else if (missingColumn(e) != null) {
      state = SqlState.UNKNOWN_COLUMN;
    } else if (first.startsWith("Conversion Error")) {
      state = SqlState.INVALID_CAST;
    } else if (first.startsWith("Out of Range Error")) {
      state = SqlState.NUMERIC_OUT_OF_RANGE;
    } else if (first.contains("Division by zero") || first.contains("division by zero")) {
      state = SqlState.DIVISION_BY_ZERO;
    } else if (first.startsWith("Binder Error") || first.startsWith("Parser Error")
        || first.startsWith("Catalog Error")) {
      state = SqlState.SYNTAX;
    } else if (first.startsWith("Not implemented Error")) {
      // e.g. "Cannot combine types VARCHAR and BLOB": DuckDB lacks the feature, the input is not wrong
      state = SqlState.NOT_SUPPORTED;
    } else if (first.startsWith("Permission Error")) {
      state = SqlState.ACCESS_DENIED;
    } else if (first.startsWith("Out of Memory Error")) {
      // The limit is the connection's memory_limit (capped by the catalog's engine.memory_limit): say so.
      return new LakehouseSqlException(first + " (the query needs more memory than the engine's memory_limit "
          + "allows)", SqlState.OUT_OF_MEMORY, line, column, e);
    } else if (first.contains("INTERRUPT") || first.contains("Interrupted")) {
      state = SqlState.CANCELLED;
    } else if (first.startsWith("Invalid Input Error") && first.contains("parquet")) {
      state = SqlState.STORAGE_FAILURE;
    } else if (first.startsWith("IO Error")) {
      state = SqlState.STORAGE_FAILURE;
    } else if (first.startsWith("Invalid Input Error")) {
      state = SqlState.DATA_EXCEPTION;
    } else {
      state = SqlState.GENERAL;
    }
    return new LakehouseSqlException(first, state, line, column, e);
  }
}
