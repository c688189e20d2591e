package io.lakehouse;

import java.sql.SQLException;

/**
 * The one exception type the driver throws. It is a plain {@link SQLException} with a SQLState, and for errors in
 * the user's SQL also the 1-based line and column in the text the user sent (0 when not applicable).
 *
 * <p>SQLStates used: 42000 syntax / access rule, 42S02 unknown table, 42S22 unknown column, 22xxx data errors,
 * 22023 invalid time-travel argument, 25006 statement not allowed in this read-only driver, 0A000 feature not
 * supported, 42501 refused by policy, 53200 out of memory, XX000 engine internal error, 08001 / 08003 / 08006
 * connection, HY008 cancelled, HY000 anything else.
 */
public class LakehouseSqlException extends SQLException {
  private static final long serialVersionUID = 1L;

  public static final String SYNTAX = "42000";
  public static final String UNKNOWN_TABLE = "42S02";
  public static final String UNKNOWN_COLUMN = "42S22";
  public static final String INVALID_ARGUMENT = "22023";
  public static final String READ_ONLY = "25006";
  public static final String NOT_SUPPORTED = "0A000";
  /** The engine ran out of memory within its memory_limit. */
  public static final String OUT_OF_MEMORY = "53200";
  public static final String CONNECTION_FAILED = "08001";
  public static final String CONNECTION_CLOSED = "08003";
  public static final String STORAGE_FAILURE = "08006";
  public static final String CANCELLED = "HY008";
  public static final String GENERAL = "HY000";
  /** The engine failed internally (a DuckDB internal / fatal error); the connection recovers by itself. */
  public static final String INTERNAL_ERROR = "XX000";
  /** Invalid authorization specification: unknown user, wrong password. */
  public static final String AUTHENTICATION = "28000";
  /**
   * Insufficient privilege: a table or column the principal may not read, a refused function or table function, a
   * connection property above the catalog's ceiling.
   */
  public static final String ACCESS_DENIED = "42501";

  private final int line;
  private final int column;

  public LakehouseSqlException(String message, String sqlState) {
    this(message, sqlState, 0, 0, null);
  }

  public LakehouseSqlException(String message, String sqlState, Throwable cause) {
    this(message, sqlState, 0, 0, cause);
  }

  public LakehouseSqlException(String message, String sqlState, int line, int column, Throwable cause) {
    // Every message passes here: secrets from the catalog (keys, tokens, passwords) never leave in one.
    super(io.lakehouse.config.Secrets.redact(line > 0 ? message + " (line " + line + ", column " + column + ")"
        : message), sqlState, cause);
    this.line = line;
    this.column = column;
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
