package io.lakehouse.cli;

import io.lakehouse.jdbc.StatementProgress;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs one statement on the shell's connection and prints its result; errors are reported as one line. Another
 * thread (the Ctrl-C handler) may {@link #cancel} the statement that is running.
 */
final class StatementRunner {
  private final Connection connection;
  private final ShellOptions options;
  private final PrintStream out;
  private final ErrorReport errors;
  private final ProgressLine progress;
  private volatile Statement running;
  private volatile boolean cancelled;

  /** @param progress where to show a progress line for long statements, or null for none */
  StatementRunner(Connection connection, ShellOptions options, PrintStream out, ErrorReport errors,
      ProgressLine progress) {
    this.connection = connection;
    this.options = options;
    this.out = out;
    this.errors = errors;
    this.progress = progress;
  }

  /** Runs the statement; false (and the error reported) when it failed. */
  boolean run(String sql) {
    return run(sql, null);
  }

  /** Runs the statement; {@code where} says where it came from in error messages (null: nowhere to say). */
  boolean run(String sql, String where) {
    cancelled = false;
    try (Statement statement = connection.createStatement()) {
      running = statement;
      boolean hasResult;
      try (ProgressLine.Handle shown = progress == null ? null : progress.start(progressOf(statement))) {
        hasResult = statement.execute(sql);
      }
      if (hasResult) {
        try (ResultSet rs = statement.getResultSet()) {
          ResultWriter.of(options, out).write(rs, () -> cancelled);
        }
      }
      out.flush();
      return true;
    } catch (SQLException | RuntimeException e) {
      out.flush();
      errors.report(e, where);
      return false;
    } finally {
      running = null;
    }
  }

  /** Cancels the running statement, if any (from another thread); true when there was one. */
  boolean cancel() {
    Statement s = running;
    if (s == null) {
      return false;
    }
    cancelled = true;  // also stops printing a result that is already there
    try {
      s.cancel();
    } catch (SQLException e) {
      // it has ended meanwhile
    }
    return true;
  }

  private static StatementProgress progressOf(Statement statement) throws SQLException {
    return statement.isWrapperFor(StatementProgress.class) ? statement.unwrap(StatementProgress.class) : null;
  }
}
