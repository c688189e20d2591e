package io.lakehouse;

import java.sql.SQLException;

/**
 * Every SQLState the driver reports, in one place (as pgjdbc's {@code PSQLState}). Class 42 and 28 are refusals,
 * 0A feature limits, 08 connection and storage, 22 data, HY / 07 / 24 JDBC API misuse.
 */
public enum SqlState {
  /** Syntax or access-rule violation in the statement. */
  SYNTAX("42000"),
  UNKNOWN_TABLE("42S02"),
  INVALID_SCHEMA("3F000"),
  /** A catalog name other than the connection's catalog ({@code other.schema.table}). */
  INVALID_CATALOG("3D000"),
  UNKNOWN_COLUMN("42S22"),
  /** Insufficient privilege: a table or column the principal may not read, a refused function, a ceiling. */
  ACCESS_DENIED("42501"),
  /** Invalid authorization specification: unknown user, wrong password, rejected storage credentials. */
  AUTHENTICATION("28000"),
  /** A statement that is not a read. */
  READ_ONLY("25006"),
  /** A feature (of SQL, JDBC or a table format) the driver does not support or cannot read correctly. */
  NOT_SUPPORTED("0A000"),
  DATA_EXCEPTION("22000"),
  NUMERIC_OUT_OF_RANGE("22003"),
  DIVISION_BY_ZERO("22012"),
  INVALID_CAST("22018"),
  /** An invalid argument: a time-travel version, timestamp or ref, a time zone. */
  INVALID_ARGUMENT("22023"),
  /** The statement is longer than the driver accepts. */
  STATEMENT_TOO_LONG("54000"),
  /** The statement is nested too deeply to process. */
  STATEMENT_TOO_COMPLEX("54001"),
  /** The engine ran out of memory within its memory_limit. */
  OUT_OF_MEMORY("53200"),
  CONNECTION_FAILED("08001"),
  CONNECTION_CLOSED("08003"),
  /** Storage unreachable or failing, metadata or data files missing. */
  STORAGE_FAILURE("08006"),
  /** A statement that returns no result set was run as a query. */
  NO_RESULT_SET("07000"),
  PARAMETER_NOT_SET("07001"),
  INVALID_INDEX("07009"),
  INVALID_CURSOR_STATE("24000"),
  CANCELLED("HY008"),
  FUNCTION_SEQUENCE("HY010"),
  INVALID_ATTRIBUTE_VALUE("HY024"),
  GENERAL("HY000"),
  /** A warning (SQLWarning), e.g. a connection that sees no tables. */
  WARNING("01000"),
  /** The engine failed internally (a DuckDB internal / fatal error); the connection recovers by itself. */
  INTERNAL_ERROR("XX000");

  private final String code;

  SqlState(String code) {
    this.code = code;
  }

  /** The five-character SQLState. */
  public String code() {
    return code;
  }

  /** The state with this code, or {@link #GENERAL} for a code the driver does not use. */
  public static SqlState of(String code) {
    for (SqlState s : values()) {
      if (s.code.equals(code)) {
        return s;
      }
    }
    return GENERAL;
  }

  /** Whether the exception carries this state. */
  public boolean is(SQLException e) {
    return e != null && code.equals(e.getSQLState());
  }
}
