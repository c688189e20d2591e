package io.lakehouse;

import java.sql.SQLException;

/**
 * The one exception type the driver throws. It is a plain {@link SQLException} with a {@link SqlState}, and for errors
 * in the user's SQL also the 1-based line and column in the text the user sent (0 when not applicable). Every message
 * passes {@link Redaction}: secrets of the catalog (keys, tokens, passwords) never leave in one.
 */
public class LakehouseSqlException extends SQLException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;

  private final SqlState state;

  public LakehouseSqlException(String message, SqlState state) {
    this(message, state, 0, 0, null);
  }

  public LakehouseSqlException(String message, SqlState state, Throwable cause) {
    this(message, state, 0, 0, cause);
  }

  public LakehouseSqlException(String message, SqlState state, int line, int column, Throwable cause) {
    super(Redaction.redact(line > 0 ? message + " (line " + line + ", column " + column + ")" : message),
        state.code(), cause);
    this.state = state;
    this.line = line;
    this.column = column;
  }

  /**
   * The same failure with more context in front of its message: the state and position of {@code e} are kept (its
   * state when it is not one of the driver's, e.g. from another library, maps to {@link SqlState#GENERAL}).
   */
  public static LakehouseSqlException withContext(String context, SQLException e) {
    SqlState state = e instanceof LakehouseSqlException l ? l.state() : SqlState.of(e.getSQLState());
    int line = e instanceof LakehouseSqlException l ? l.line : 0;
    int column = e instanceof LakehouseSqlException l ? l.column : 0;
    String message = e instanceof LakehouseSqlException l && l.line > 0
        ? e.getMessage().substring(0, e.getMessage().lastIndexOf(" (line ")) : e.getMessage();
    return new LakehouseSqlException(context + message, state, line, column, e);
  }

  /** The driver's SQLState of this exception. */
  public SqlState state() {
    return state;
  }

  /** 1-based line in the user's SQL text, or 0 when the error has no position. */
  public int getLine() {
    return line;
  }

  /** 1-based column in the user's SQL text, or 0 when the error has no position. */
  public int getColumn() {
    return column;
  }

  /** Carries an SQLException through library callbacks that cannot throw checked exceptions. */
  public static final class Unchecked extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Unchecked(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }
}
