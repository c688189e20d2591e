package io.lakehouse.cli;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;

/** Prints a result set in one of the {@link OutputFormat}s. */
interface ResultWriter {
  /** Prints every row of the result, or until {@code stop} says so (Ctrl-C); returns how many were printed. */
  long write(ResultSet rs, BooleanSupplier stop) throws SQLException;

  /** The next row, unless printing was stopped: then the statement counts as cancelled. */
  static boolean next(ResultSet rs, BooleanSupplier stop) throws SQLException {
    if (stop.getAsBoolean()) {
      throw new LakehouseSqlException("Query was cancelled while its result was printed", SqlState.CANCELLED);
    }
    return rs.next();
  }

  static ResultWriter of(ShellOptions options, PrintStream out) {
    return switch (options.format()) {
      case TABLE -> new TableWriter(out, options.nullValue() == null ? "NULL" : options.nullValue(),
          options.maxWidth());
      case CSV -> new DelimitedWriter(out, ',', nullOr(options), options.header());
      case TSV -> new DelimitedWriter(out, '\t', nullOr(options), options.header());
      case JSON -> new JsonLinesWriter(out);
    };
  }

  private static String nullOr(ShellOptions options) {
    return options.nullValue() == null ? "" : options.nullValue();
  }
}
