package io.lakehouse.cli;

import io.lakehouse.SqlState;
import java.io.PrintStream;
import java.sql.SQLException;

/**
 * Errors as one line, {@code ERROR <SQLState>: <message>}, on standard error; the stack trace only with --verbose.
 * A message of several lines (a parser's list of expected tokens) keeps its first line, which says what and where.
 */
final class ErrorReport {
  private final PrintStream err;
  private final boolean verbose;

  ErrorReport(PrintStream err, boolean verbose) {
    this.err = err;
    this.verbose = verbose;
  }

  void report(Throwable t) {
    report(t, null);
  }

  /** Reports an error; {@code where} (or null) says where the failing statement came from. */
  void report(Throwable t, String where) {
    err.println(where == null ? line(t) : line(t) + " (in " + where + ")");
    if (verbose) {
      t.printStackTrace(err);
    }
    err.flush();
  }

  static String line(Throwable t) {
    String state = t instanceof SQLException s && s.getSQLState() != null ? s.getSQLState()
        : SqlState.INTERNAL_ERROR.code();
    String message = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getName()
        : t.getMessage().strip();
    if (!(t instanceof SQLException)) {
      message = t.getClass().getSimpleName() + ": " + message;
    }
    int nl = message.indexOf('\n');
    if (nl >= 0) {
      message = message.substring(0, nl).strip();
    }
    return "ERROR " + state + ": " + message;
  }
}
