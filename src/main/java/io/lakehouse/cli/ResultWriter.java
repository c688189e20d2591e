package io.lakehouse.cli;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Prints a result set in one of the {@link OutputFormat}s. */
interface ResultWriter {
  /** Prints every row of the result; returns how many there were. */
  long write(ResultSet rs) throws SQLException;

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
